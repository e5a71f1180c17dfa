package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;

/**
 * {@code lamina train}'s run folder as a user meets it: owned by one training at a time, cleaned of
 * a killed write's temporary files, its log never ahead of its checkpoint. On the Java backend: what
 * is tested here is the folder, not the device.
 */
class RunFolderCommandLineTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = SyntheticDigits.write(Files.createDirectories(shared.resolve("data")), 256, 64, 7);
    }

    static List<String> trainArgs(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist", "--data", data.toString(),
                "--out", out.toString(), "--device", "java", "--no-progress", "--batch-size", "32"));
        args.addAll(List.of(extra));
        return args;
    }

    static CommandLineTest.Run train(Path out, String... extra) {
        return CommandLineTest.run(trainArgs(out, extra).toArray(new String[0]));
    }

    @Test
    void aSecondTrainingOfTheSameFolderIsRefusedNamingTheFirstAndAKilledOneBlocksNothing(@TempDir Path dir)
            throws Exception {
        Path run = dir.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(trainArgs(run, "--epochs", "1000"));
        Process first = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("first.txt").toFile()).start();
        try {
            Path lock = run.resolve(".lamina.lock");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.isRegularFile(lock) && Files.readString(lock).startsWith("pid "))) {
                assertTrue(first.isAlive(), () -> "the first training ended: " + read(dir.resolve("first.txt")));
                assertTrue(System.nanoTime() < end, "the first training never took " + run);
                Thread.sleep(100);
            }
            CommandLineTest.Run second = train(run, "--epochs", "1");
            assertEquals(2, second.status(), second.out() + second.err());
            assertEquals("", second.out(), "nothing before the error");
            String line = second.err().strip();
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.startsWith("lamina: --out " + run + " is in use by another training (pid " + first.pid()
                    + " on "), line);
            assertTrue(line.endsWith("); wait for it to end or choose another --out"), line);
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no unlock; the OS drops the lock
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.readString(run.resolve(".lamina.lock")).contains("pid " + first.pid()),
                "the killed run's lock file is still there");
        CommandLineTest.Run after = train(run, "--epochs", "1", "--limit", "64");
        assertEquals(0, after.status(), after.out() + after.err());
        assertEquals("", Files.readString(run.resolve(".lamina.lock")), "released: the lock file names no one");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aKilledWritesTemporaryFileIsRemovedAtTheNextStart(@TempDir Path run) throws IOException {
        Path left = Files.write(run.resolve(".checkpoint.safetensors5318008.tmp"), new byte[4096]);
        Path users = Files.writeString(run.resolve("notes.tmp"), "the user's own");
        CommandLineTest.Run r = train(run, "--epochs", "1", "--limit", "64");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("note: removed .checkpoint.safetensors5318008.tmp, left by a write that was "
                + "interrupted\n"), r.out());
        assertFalse(Files.exists(left));
        assertTrue(Files.exists(users));
        try (var files = Files.list(run)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().matches("\\..*\\d+\\.tmp")).toList());
        }
    }

    @Test
    void theCheckpointIsWrittenBeforeTheLogAndARestartRestoresALostRow(@TempDir Path run) throws IOException {
        // log.csv cannot be written (a folder stands in its place): the epoch's checkpoint must exist already
        Files.writeString(Files.createDirectories(run.resolve("log.csv")).resolve("x"), "x");
        CommandLineTest.Run r = train(run, "--epochs", "1", "--limit", "64");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("lamina: writing the training log in " + run), r.err());
        Checkpoint c = Checkpoint.read(run.resolve("checkpoint.safetensors"));
        assertEquals(1, c.count("epoch"));
        String recorded = c.meta("log_csv");
        assertEquals(2, recorded.lines().count(), recorded);

        Files.delete(run.resolve("log.csv").resolve("x"));
        Files.delete(run.resolve("log.csv"));
        CommandLineTest.Run resumed = train(run, "--epochs", "2", "--limit", "64", "--resume");
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        List<String> log = Files.readAllLines(run.resolve("log.csv"));
        assertEquals(3, log.size(), "header, the restored epoch 1, epoch 2: " + log);
        assertEquals(recorded.lines().toList(), log.subList(0, 2));
        assertTrue(log.get(2).startsWith("2,"), log.get(2));
        assertEquals(String.join("\n", log) + "\n", Checkpoint.read(run.resolve("checkpoint.safetensors"))
                .meta("log_csv"));
    }

    @Test
    void runFilesGetTheUmask(@TempDir Path run) throws IOException {
        CommandLineTest.Run r = train(run, "--epochs", "1", "--limit", "64");
        assertEquals(0, r.status(), r.out() + r.err());
        String plain = PosixFilePermissions.toString(Files.getPosixFilePermissions(
                Files.createFile(run.resolve("plain"))));
        for (String name : new String[] {"checkpoint.safetensors", "log.csv", "curves.png"}) {
            assertEquals(plain, PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(run.resolve(name))), name);
        }
    }
}
