package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.io.AtomicFiles;

/** Owning a run folder: one owner at a time, named when refused; temporary files of killed writes removed. */
class RunFolderTest {
    @Test
    void aSecondOwnerIsRefusedNamingTheFolderAndTheFirst(@TempDir Path dir) {
        Path run = dir.resolve("run");
        try (RunFolder first = RunFolder.own(run)) {
            var e = assertThrows(IllegalArgumentException.class, () -> RunFolder.own(run));
            assertTrue(e.getMessage().startsWith("--out " + run + " is in use by another training (pid "
                    + ProcessHandle.current().pid() + " on "), e.getMessage());
            assertTrue(e.getMessage().endsWith("); wait for it to end or choose another --out"), e.getMessage());
        }
        // released on close: the next run takes it
        try (RunFolder again = RunFolder.own(run)) {
            assertEquals(run, again.dir());
        }
    }

    @Test
    void aFolderMadeForARunThatWroteNothingIsRemovedAndAnyOtherKept(@TempDir Path dir) throws IOException {
        Path fresh = dir.resolve("fresh");
        try (RunFolder f = RunFolder.own(fresh)) {
            assertTrue(Files.isRegularFile(fresh.resolve(RunFolder.LOCK_FILE)));
        }
        assertFalse(Files.exists(fresh), "a run that failed before writing leaves no folder");
        Path used = dir.resolve("used");
        try (RunFolder f = RunFolder.own(used)) {
            Files.writeString(used.resolve("log.csv"), "epoch\n");
        }
        assertTrue(Files.exists(used.resolve("log.csv")) && Files.exists(used.resolve(RunFolder.LOCK_FILE)));
        Path existing = Files.createDirectories(dir.resolve("existing"));
        try (RunFolder f = RunFolder.own(existing)) {
            assertEquals(existing, f.dir());
        }
        assertTrue(Files.isDirectory(existing), "a folder the user made stays");
    }

    @Test
    void aFreshFolderIsTheFirstSiblingThatIsFreeAndHoldsNoRun(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        try (RunFolder f = RunFolder.ownFresh(run)) {
            assertEquals(run, f.dir(), "free and empty: the folder itself");
            try (RunFolder g = RunFolder.ownFresh(run)) {
                assertEquals(dir.resolve("run-2"), g.dir(), "in use: the next sibling");
                Files.writeString(g.dir().resolve("log.csv"), "epoch\n");
            }
            Files.writeString(run.resolve("checkpoint.safetensors"), "a run");
        }
        Files.createDirectories(dir.resolve("run-3"));
        Files.writeString(dir.resolve("run-3").resolve("notes"), "the user's");
        try (RunFolder h = RunFolder.ownFresh(run)) {
            assertEquals(dir.resolve("run-4"), h.dir(), "run holds a run, run-2 too, run-3 holds a file");
        }
    }

    @Test
    void aFileIsNotARunFolder(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        var e = assertThrows(IllegalArgumentException.class, () -> RunFolder.own(file));
        assertEquals("--out " + file + " is a file, not a folder", e.getMessage());
    }

    @Test
    void temporaryFilesOfKilledWritesAreRemovedAndNothingElse(@TempDir Path dir) throws IOException {
        Path left = Files.write(dir.resolve(".checkpoint.safetensors8127364512.tmp"), new byte[1000]);
        Path log = Files.write(dir.resolve(".log.csv42.tmp"), new byte[10]);
        Path mine = Files.writeString(dir.resolve("notes.tmp"), "the user's");
        Path ckpt = Files.writeString(dir.resolve("checkpoint.safetensors"), "kept");
        try (RunFolder f = RunFolder.own(dir)) {
            assertEquals(List.of(left, log).stream().sorted().toList(), f.cleaned().stream().sorted().toList());
        }
        assertFalse(Files.exists(left) || Files.exists(log));
        assertTrue(Files.exists(mine) && Files.exists(ckpt));
    }

    @Test
    void atomicWritesGetTheUmaskAndTheNameTheCleanerKnows(@TempDir Path dir) throws IOException {
        Path reference = Files.createFile(dir.resolve("plain")); // created as any program creates a file
        Path target = dir.resolve("checkpoint.safetensors");
        AtomicFiles.write(target, "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        AtomicFiles.write(target, ch -> {
            try (var s = Files.list(dir)) {
                List<Path> tmp = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
                assertEquals(1, tmp.size(), tmp.toString());
                assertTrue(tmp.get(0).getFileName().toString().matches("\\.checkpoint\\.safetensors\\d+\\.tmp"),
                        tmp.toString());
            }
        });
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary file left");
        }
    }
}
