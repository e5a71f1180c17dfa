package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code train --spark} without the lamina-spark module on the class path (as here, and as the launcher
 * runs every command but {@code train --spark}), and the cluster options without {@code --spark}: one
 * line each, exit status 2, before any data is read.
 */
class SparkOptionsTest {

    private static void refused(String expected, String... args) {
        CommandLineTest.Run r = CommandLineTest.run(args);
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void withoutTheSparkModuleTheCommandSaysWhatToPutOnTheClassPath() {
        refused("--spark: the lamina-spark module is not on the class path; build it", "train", "--spark", "local[2]",
                "--data", "/nonexistent-dataset-folder");
    }

    @Test
    void theClusterOptionsNeedSpark() {
        refused("--workers is for training on a cluster: give --spark MASTER too", "train", "--workers", "3");
        refused("--data hdfs://nn/fashion: a Hadoop file system's URI is read with --spark only", "train", "--data",
                "hdfs://nn/fashion");
        refused("--device 0,1 with --spark: each Spark executor opens one device", "train", "--spark", "local[2]",
                "--device", "0,1");
        refused("--spark-exchange is for training on a cluster: give --spark MASTER too", "train", "--spark-exchange",
                "sharded");
        refused("--spark-exchange: 'ring' is not one of tree, reduce, barrier, sharded", "train", "--spark", "local[2]",
                "--spark-exchange", "ring");
    }
}
