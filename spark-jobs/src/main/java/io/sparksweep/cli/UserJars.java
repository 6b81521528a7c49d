package io.sparksweep.cli;

import io.sparksweep.util.RefusedException;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code --jars}: a user's model classes and their dependencies. The driver loads them through its
 * thread's context class loader (user classes are never looked up with {@code Class.forName} from
 * sparksweep's own), and Spark ships them to every executor as {@code spark.jars}, with the meaning
 * spark-submit gives {@code --jars}.
 */
final class UserJars {

    private UserJars() {}

    /** Checks that every jar exists, then makes them loadable here and on the executors. */
    static void install(List<String> jars) {
        List<URL> urls = new ArrayList<>();
        for (String jar : jars) {
            File f = new File(jar);
            if (!f.isFile()) {
                throw new RefusedException("--jars: no file " + jar);
            }
            requireNoOwnDl4j(f);
            try {
                urls.add(f.getAbsoluteFile().toURI().toURL());
            } catch (MalformedURLException e) {
                throw new RefusedException("--jars: " + jar + " is not a usable path: " + e.getMessage());
            }
        }
        // parent first: classes already on the class path (deploy/run-local.sh puts the jars there) win
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new URLClassLoader(urls.toArray(URL[]::new), parent));
        // SparkConf reads spark.* system properties: executors fetch these jars, local mode included
        String shipped = String.join(",", urls.stream().map(URL::toString).toList());
        String earlier = System.getProperty("spark.jars");
        System.setProperty("spark.jars", earlier == null || earlier.isBlank() ? shipped : earlier + "," + shipped);
    }

    /**
     * A jar with DL4J's or ND4J's own classes (a fat jar) would put a second copy beside sparksweep's:
     * linkage errors or two native libraries at run time, so it is refused up front.
     */
    private static void requireNoOwnDl4j(File jar) {
        try (ZipFile zip = new ZipFile(jar)) {
            zip.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.startsWith("org/nd4j/") || n.startsWith("org/deeplearning4j/"))
                    .findFirst()
                    .ifPresent(n -> {
                        throw new RefusedException("--jars: " + jar + " bundles DL4J/ND4J classes (" + n
                                + "); sparksweep brings its own: depend on them with scope provided");
                    });
        } catch (IOException e) {
            throw new RefusedException("--jars: " + jar + " is not a readable jar: " + e.getMessage());
        }
    }
}
