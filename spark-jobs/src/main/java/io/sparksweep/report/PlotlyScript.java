package io.sparksweep.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Properties;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * plotly.js from the WebJar org.webjars.npm:plotly.js-dist (version pinned in the parent pom), to be
 * inlined into index.html: a report copied out of HDFS or opened offline needs no network and no
 * file beside it.
 *
 * <p>The WebJar holds only the unminified bundle (11 MB; no WebJar of plotly.js-dist-min is on Maven
 * Central), so the page carries it gzip-compressed and base64-encoded (about 2.7 MB) and the page
 * unpacks it with the browser's {@code DecompressionStream('gzip')} before running it (Chrome and
 * Edge 80+, Firefox 113+, Safari 16.4+; {@link ReportPage} shows the static PNG in older browsers).
 * The bytes run are exactly the WebJar's file. Compressing takes ~0.2 s at zlib's default level (the
 * best level took ~0.8 s for 1 % fewer bytes, at the end of every sweep), so it is done once per JVM and
 * kept, not once per report: a running sweep rewrites its report every 30 s.
 */
final class PlotlyScript {

    private static final String WEBJAR = "/META-INF/resources/webjars/plotly.js-dist/";
    private static final String POM = "/META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties";

    private PlotlyScript() {}

    /** The WebJar's version, as its pom.properties says (the pom pins it; nothing to keep in step here). */
    static String version() {
        try (InputStream in = PlotlyScript.class.getResourceAsStream(POM)) {
            if (in == null) {
                throw new IllegalStateException("the plotly.js-dist WebJar is not on the classpath (" + POM + ")");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classpath resource of the bundle: {@code /META-INF/resources/webjars/plotly.js-dist/<version>/plotly.js}. */
    static String resource() {
        return WEBJAR + version() + "/plotly.js";
    }

    /**
     * The whole bundle, gzip (zlib's default level; the header has no time or name, so the same JDK gives
     * the same bytes) then base64 without line breaks: safe inside any HTML element, no {@code <} in it.
     */
    static String gzipBase64() {
        return Packed.BASE64;
    }

    /** Compressed on first use, then kept for the JVM's life. */
    private static final class Packed {
        static final String BASE64 = pack();
    }

    private static String pack() {
        String resource = resource();
        try (InputStream in = PlotlyScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("plotly.js is not on the classpath (" + resource + ")");
            }
            ByteArrayOutputStream gz = new ByteArrayOutputStream(2 << 20);
            try (GZIPOutputStream out = new GZIPOutputStream(gz, 1 << 16) {
                {
                    def.setLevel(Deflater.DEFAULT_COMPRESSION);
                }
            }) {
                in.transferTo(out);
            }
            return Base64.getEncoder().encodeToString(gz.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
