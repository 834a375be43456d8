package dev.mephisto;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A class loader over this test run's classpath minus some jars, to check what happens for a user who lacks an
 * optional dependency. Understands Surefire's manifest-only booter jar.
 */
public final class ClasspathWithout {

    private ClasspathWithout() {
    }

    /** A loader without the jars whose file name starts with one of {@code jarPrefixes}. */
    public static URLClassLoader jars(String... jarPrefixes) {
        List<URL> kept = new ArrayList<>();
        for (URL url : testClasspath()) {
            String fileName = url.getPath().replaceAll("/$", "");
            fileName = fileName.substring(fileName.lastIndexOf('/') + 1);
            if (!startsWithAny(fileName, jarPrefixes)) {
                kept.add(url);
            }
        }
        return new URLClassLoader(kept.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static boolean startsWithAny(String fileName, String[] prefixes) {
        for (String prefix : prefixes) {
            if (fileName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static List<URL> testClasspath() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            try {
                URL url = path.toUri().toURL();
                urls.add(url);
                if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                    urls.addAll(manifestClassPath(path, url));
                }
            } catch (MalformedURLException e) {
                throw new IllegalStateException("bad classpath entry " + entry, e);
            }
        }
        return urls;
    }

    private static List<URL> manifestClassPath(Path jar, URL base) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return urls;
            }
            for (String token : classPath.trim().split("\\s+")) {
                urls.add(new URL(base, token));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return urls;
    }
}
