package dev.mephisto.it;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/** Chromium without a screen or a network: takes a screenshot of a page, for tests that a page renders offline. */
final class HeadlessChromium {

    static final Path BINARY = Path.of(System.getProperty("mephisto.chromium", "/usr/bin/chromium"));

    private HeadlessChromium() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Renders {@code url} at {@code width} x {@code height} into {@code png}; the image, or an error with Chromium's output. */
    static BufferedImage screenshot(String url, Path png, int width, int height, Path work) throws Exception {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url));
        Path log = work.resolve("chromium-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(log));
        }
        if (!Files.exists(png)) {
            throw new AssertionError("chromium wrote no screenshot (exit " + process.exitValue() + "): " + Files.readString(log));
        }
        return ImageIO.read(png.toFile());
    }

    /** How many pixels are of the colour {@code rgb} (0xRRGGBB), give or take a little. */
    static int pixelsOf(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (close(p >> 16 & 0xff, rgb >> 16 & 0xff) && close(p >> 8 & 0xff, rgb >> 8 & 0xff)
                        && close(p & 0xff, rgb & 0xff)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean close(int a, int b) {
        return Math.abs(a - b) <= 3;
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
