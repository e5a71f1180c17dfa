package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values a hostile or clumsy user gives, found by the trial of docs/reliability.md after issue 16's:
 * each is one line naming the option or file and the value, exit status 2, nothing else printed.
 */
class HostileValuesTest {
    @TempDir
    static Path shared;
    static Path data;
    static Path ckpt;
    static Path png;

    @BeforeAll
    static void trainedCheckpoint() throws IOException {
        data = SyntheticDigits.write(Files.createDirectories(shared.resolve("data")), 32, 16, 13);
        Path run = shared.resolve("run");
        CommandLineTest.Run r = train(run, "--epochs", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        ckpt = run.resolve("checkpoint.safetensors");
        png = shared.resolve("x.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
    }

    static CommandLineTest.Run train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist", "--data", data.toString(),
                "--out", out.toString(), "--device", "java", "--no-progress", "--batch-size", "32"));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(new String[0]));
    }

    static void refused(CommandLineTest.Run r, String line) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing before the error");
        assertEquals("lamina: " + line + "\n", r.err(), "one line, no stack trace");
    }

    @Test
    void aDeviceFileInPlaceOfACheckpointOrAnImageIsNamedAsSuch() {
        Path dev = Path.of("/dev/null");
        refused(CommandLineTest.run("predict", "--checkpoint", dev.toString(), "--input", png.toString(), "--device",
                "java"), "checkpoint /dev/null is not a regular file");
        refused(CommandLineTest.run("predict", "--checkpoint", ckpt.toString(), "--input", dev.toString(), "--device",
                "java"), "predict: --input /dev/null is not a regular file (a device or a pipe), not an image file");
        refused(train(dev, "--epochs", "1"), "--out /dev/null is a file, not a folder");
    }

    @Test
    void aFileGivenAsTheDataFolderIsNamed(@TempDir Path dir) {
        Path file = data.resolve("train-images-idx3-ubyte.gz");
        CommandLineTest.Run r = CommandLineTest.run("train", "--dataset", "mnist", "--data", file.toString(), "--out",
                dir.resolve("run").toString(), "--device", "java", "--no-progress");
        refused(r, "--data: " + file + " is a file, not a folder (give the folder that holds the dataset's files)");
    }

    @Test
    void aCheckpointHeaderThatIsNotJsonSaysWhereWithoutGsonsText(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(ckpt);
        long n = java.nio.ByteBuffer.wrap(whole, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] broken = whole.clone();
        broken[8 + (int) n - 1] = ','; // the header's closing brace made a comma: JSON that ends too soon
        Path bad = Files.write(dir.resolve("bad.safetensors"), broken);
        CommandLineTest.Run r = CommandLineTest.run("predict", "--checkpoint", bad.toString(), "--input",
                png.toString(), "--device", "java");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("lamina: checkpoint " + bad + ": the header is not valid JSON (at line 1,"
                + " column "), r.err());
        assertTrue(r.err().endsWith(" of the " + n + "-byte header)\n"), r.err());
        assertFalse(r.err().contains("gson") || r.err().contains("Exception") || r.err().contains("setLenient"),
                r.err());
    }
}
