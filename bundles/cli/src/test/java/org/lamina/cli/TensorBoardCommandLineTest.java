package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.opencl.OpenClTests;
import org.lamina.tensorboard.TfRecord;
import org.lamina.tensorboard.proto.Event;
import org.lamina.tensorboard.proto.Summary;

/**
 * {@code lamina train}'s TensorBoard events as a user gets them: in the run folder by default, in
 * {@code --tensorboard DIR} when given, none with {@code --tensorboard none}, and a clear line for a bad
 * value. (That the bytes are TensorBoard's is TensorBoardTrainingTest's, which reads them with
 * TensorFlow's own classes.)
 */
class TensorBoardCommandLineTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = SyntheticDigits.write(Files.createDirectories(shared.resolve("data")), 128, 64, 3);
    }

    static CommandLineTest.Run train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist", "--data", data.toString(), "--out",
                out.toString(), "--device", Integer.toString(OpenClTests.device().index()), "--no-progress",
                "--batch-size", "32"));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(new String[0]));
    }

    @Test
    void theRunFolderGetsTheEventsOfEveryEpoch(@TempDir Path run) throws IOException {
        CommandLineTest.Run r = train(run, "--epochs", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains(", TensorBoard events in " + run + "\n"), r.out());
        List<Path> files = eventFiles(run);
        assertEquals(1, files.size(), files.toString());
        List<Event> events = read(files.get(0));
        assertEquals("brain.Event:2", events.get(0).getFileVersion());
        // 128 images in batches of 32: 4 steps an epoch
        Map<Long, Float> testLoss = scalars(events, "loss/test");
        assertEquals(List.of(4L, 8L), new ArrayList<>(testLoss.keySet()));
        List<String> csv = Files.readAllLines(run.resolve("log.csv"));
        for (int epoch = 1; epoch <= 2; epoch++) {
            assertEquals(Double.parseDouble(csv.get(epoch).split(",")[5]), testLoss.get(4L * epoch), 1e-6);
        }
        assertEquals(8, scalars(events, "batch/loss").size());
        assertTrue(has(events, "samples") && has(events, "filters/conv1.weight") && has(events, "curves"));
    }

    @Test
    void tensorboardNamesTheFolderAndNoneWritesNone(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run"), events = dir.resolve("tb").resolve("a");
        CommandLineTest.Run r = train(run, "--tensorboard", events.toString(), "--epochs", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(1, eventFiles(events).size());
        assertEquals(List.of(), eventFiles(run));

        Path quiet = dir.resolve("quiet");
        r = train(quiet, "--tensorboard", "none", "--epochs", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        assertFalse(r.out().contains("TensorBoard"), r.out());
        assertEquals(List.of(), eventFiles(quiet));
        assertTrue(Files.exists(quiet.resolve("log.csv")));
    }

    @Test
    void badValuesAreOneLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        CommandLineTest.Run r = train(dir.resolve("a"), "--tensorboard", file.toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing before the error");
        assertEquals("lamina: --tensorboard: '" + file + "' is a file, not a folder (give the folder for the event"
                + " files)\n", r.err());
        r = train(dir.resolve("b"), "--tensorboard", " ");
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing before the error");
        assertEquals("lamina: --tensorboard: ' ' is not a folder name (give the folder for the event files)\n",
                r.err());
        assertFalse(Files.exists(dir.resolve("a").resolve("checkpoint.safetensors")));
    }

    static List<Path> eventFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
        }
    }

    /** The records of an event file, each CRC checked. */
    static List<Event> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int at = b.position();
            int length = (int) b.getLong();
            assertEquals(TfRecord.maskedCrc32c(bytes, at, 8), b.getInt(), "length CRC at " + at);
            byte[] d = new byte[length];
            b.get(d);
            assertEquals(TfRecord.maskedCrc32c(d, 0, length), b.getInt(), "data CRC at " + at);
            out.add(Event.parseFrom(d));
        }
        return out;
    }

    static Map<Long, Float> scalars(List<Event> events, String tag) {
        Map<Long, Float> out = new TreeMap<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.getTag().equals(tag)) {
                    out.put(e.getStep(), v.getSimpleValue());
                }
            }
        }
        return out;
    }

    static boolean has(List<Event> events, String imageTag) {
        return events.stream().flatMap(e -> e.getSummary().getValueList().stream())
                .anyMatch(v -> v.getTag().equals(imageTag) && v.hasImage());
    }
}
