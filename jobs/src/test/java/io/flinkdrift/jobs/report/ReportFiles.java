package io.flinkdrift.jobs.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks of a written report: its PNGs and the index that shows them. */
public final class ReportFiles {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ReportFiles() {}

    /** Asserts that {@code dir/NAME.png} is a PNG of the charts' size and that {@code index.html} shows it. */
    public static void assertChart(Path dir, String name) throws IOException {
        Path png = dir.resolve(name + ".png");
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), png + " is not a PNG");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        String index = Files.readString(dir.resolve("index.html"));
        assertTrue(index.contains("<img src=\"" + name + ".png\""), index);
    }
}
