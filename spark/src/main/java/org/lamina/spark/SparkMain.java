package org.lamina.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lamina.shell.Shell;

/**
 * The main class of {@code lamina-spark-all.jar} under {@code spark-submit}: the lamina command line,
 * where {@code train} runs on the cluster spark-submit names ({@code --master}), as {@code lamina train
 * --spark MASTER} would:
 *
 * <pre>spark-submit --master spark://HOST:7077 lamina-spark-all.jar train --arch lenet5 --workers 4 ...</pre>
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        // spark-submit passes its --master as the system property spark.master; without it (java -jar),
        // train runs here, as 'lamina train' does
        String master = System.getProperty("spark.master");
        if (master != null && !a.isEmpty() && a.get(0).equals("train") && !a.contains("--spark")) {
            a.add(1, "--spark");
            a.add(2, master);
        }
        int status = Shell.onClassPath().commandLine().execute(a.toArray(String[]::new));
        System.exit(status);
    }
}
