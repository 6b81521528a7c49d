package io.sparksweep.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * plotly.js from the WebJar org.webjars.npm:plotly.js-dist (version pinned in the parent pom), to be
 * inlined into index.html: a report copied out of HDFS or opened offline needs no network and no
 * file beside it. Read per report rather than kept: it is 11 MB of text.
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

    static String source() {
        String resource = WEBJAR + version() + "/plotly.js";
        try (InputStream in = PlotlyScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("plotly.js is not on the classpath (" + resource + ")");
            }
            // "</script" would end the inline element early; "<\/script" means the same in JavaScript
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
