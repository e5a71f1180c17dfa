package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The best epoch and the patience of early stopping, and the log's validation columns. */
class EarlyStoppingTest {

    static EpochStats epoch(int e, double valLoss, double valTop1) {
        return new EpochStats(e, 0.01, 1, 0.5, 0.9, Double.NaN, Double.NaN, Double.NaN, 1, 100, 0, 0, valLoss, valTop1,
                0.99);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementBeyondMinDelta() {
        EarlyStopping s = EarlyStopping.of("val_loss", "auto", 2, 0.01);
        assertFalse(s.maximize());
        EarlyStopping.Tracker t = s.tracker();
        assertTrue(t.update(epoch(1, 1.0, 0.5)));
        assertTrue(t.update(epoch(2, 0.8, 0.6)));
        assertFalse(t.update(epoch(3, 0.795, 0.6)), "better by less than min delta");
        assertFalse(t.shouldStop());
        assertFalse(t.update(epoch(4, 0.9, 0.6)));
        assertTrue(t.shouldStop());
        assertEquals(2, t.bestEpoch());
        assertEquals(0.8, t.best());
        assertTrue(t.reason(4).contains("val_loss") && t.reason(4).contains("epoch 2"), t.reason(4));
    }

    @Test
    void accuracyIsMaximizedAndPatienceZeroOnlyPicksTheBest() {
        EarlyStopping.Tracker t = EarlyStopping.of("val_top1", "auto", 0, 0).tracker();
        for (EpochStats e : List.of(epoch(1, 1, 0.5), epoch(2, 0.9, 0.7), epoch(3, 0.8, 0.6), epoch(4, 0.7, 0.65),
                epoch(5, 0.6, 0.68))) {
            t.update(e);
        }
        assertEquals(2, t.bestEpoch());
        assertFalse(t.shouldStop());
        // mode min on an accuracy is what the user asked for
        assertFalse(EarlyStopping.of("val_top1", "min", 1, 0).maximize());
        var e = assertThrows(IllegalArgumentException.class, () -> EarlyStopping.of("test_loss", "auto", 1, 0));
        assertTrue(e.getMessage().contains("val_loss, val_top1, val_top5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.of("val_loss", "down", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.of("val_loss", "min", 1, -1));
    }

    @Test
    void theLogKeepsValidationColumnsAndReadsOldLogs() {
        EpochStats v = epoch(3, 0.25, 0.875);
        String row = v.csv();
        assertTrue(row.contains(",,,"), "the test columns are empty: " + row);
        assertTrue(row.endsWith(",0.250000,0.875000,0.990000"), row);
        EpochStats back = EpochStats.parse(row);
        assertEquals(v, back);
        assertTrue(back.validated());
        assertEquals(15, EpochStats.CSV_HEADER.split(",").length);
        // a row of a log written before the validation columns
        EpochStats old = EpochStats.parse("2,0.01,0.5,0.8,0.95,0.6,0.75,0.9,3.0,1000.0,123,45");
        assertFalse(old.validated());
        assertEquals(0.75, old.testTop1());
        assertEquals(45, old.scratchBytes());
    }

    @Test
    void theDenseTasksMonitorTheirOwnMeasures() {
        assertEquals(List.of("val_loss", "val_pixel_accuracy", "val_mean_iou"), EarlyStopping.metrics(Objective.Task.SEGMENT));
        assertEquals(List.of("val_loss", "val_mse", "val_psnr"), EarlyStopping.metrics(Objective.Task.RECONSTRUCT));
        assertTrue(EarlyStopping.of("val_mean_iou", "auto", 1, 0).maximize());
        assertTrue(EarlyStopping.of("val_psnr", "auto", 1, 0).maximize());
        assertFalse(EarlyStopping.of("val_mse", "auto", 1, 0).maximize());
        EarlyStopping.Tracker t = EarlyStopping.of("val_mse", "auto", 2, 0).tracker();
        assertTrue(t.update(dense(1, "val_mse", 0.5)));
        assertFalse(t.update(dense(2, "val_mse", 0.6)));
        assertTrue(t.update(dense(3, "val_mse", 0.4)));
        assertFalse(t.update(dense(4, "val_mse", 0.4)));
        assertFalse(t.update(dense(5, "val_mse", 0.45)));
        assertTrue(t.shouldStop());
        assertEquals(3, t.bestEpoch());
        assertEquals(0.4, t.best());
    }

    private static EpochStats dense(int epoch, String column, double value) {
        return new EpochStats(epoch, 0.1, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1, 1, 0, 0,
                0.3, Double.NaN, Double.NaN, java.util.Map.of(column, value));
    }
}
