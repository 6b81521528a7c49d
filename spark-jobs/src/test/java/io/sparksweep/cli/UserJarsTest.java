package io.sparksweep.cli;

import io.sparksweep.util.RefusedException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --jars: a class compiled outside the test class path becomes loadable, and Spark is told to ship it. */
class UserJarsTest {

    @TempDir
    Path tmp;

    private ClassLoader loader;
    private String sparkJars;

    @BeforeEach
    void remember() {
        loader = Thread.currentThread().getContextClassLoader();
        sparkJars = System.getProperty("spark.jars");
    }

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(loader);
        if (sparkJars == null) {
            System.clearProperty("spark.jars");
        } else {
            System.setProperty("spark.jars", sparkJars);
        }
    }

    /** Compiles one class into a jar of its own. */
    static Path jarWith(Path dir, String className, String source) throws Exception {
        Path src = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(
                0,
                javac.run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        src.toString()));
        Path jar = dir.resolve("user.jar");
        String entry = className.replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void aJarsClassLoadsThroughTheContextLoaderAndIsShipped() throws Exception {
        Path jar = jarWith(tmp, "com.example.Hello", "package com.example; public class Hello {}");
        assertThrows(
                ClassNotFoundException.class,
                () -> Class.forName("com.example.Hello", false, loader),
                "not on the test class path");
        UserJars.install(List.of(jar.toString()));
        ClassLoader now = Thread.currentThread().getContextClassLoader();
        assertEquals(
                "com.example.Hello",
                Class.forName("com.example.Hello", false, now).getName());
        assertTrue(
                System.getProperty("spark.jars")
                        .endsWith(jar.toFile().getAbsoluteFile().toURI().toURL().toString()),
                System.getProperty("spark.jars"));
    }

    @Test
    void aJarBundlingNd4jIsRefused() throws Exception {
        Path jar = tmp.resolve("fat.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("org/nd4j/linalg/factory/Nd4j.class"));
            out.write(new byte[] {0});
            out.closeEntry();
        }
        RefusedException e = assertThrows(RefusedException.class, () -> UserJars.install(List.of(jar.toString())));
        assertTrue(
                e.getMessage().contains("bundles DL4J/ND4J classes (org/nd4j/linalg/factory/Nd4j.class)"),
                e.getMessage());
    }

    @Test
    void aMissingJarIsOneLineAndExitTwo() {
        assertThrows(
                RefusedException.class,
                () -> UserJars.install(List.of(tmp.resolve("nope.jar").toString())));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepCli.run(
                new String[] {"sweep.yaml", "--jars", tmp.resolve("nope.jar").toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("error: --jars: no file " + tmp.resolve("nope.jar") + "\n", err.toString(StandardCharsets.UTF_8));
    }
}
