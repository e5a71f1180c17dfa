package org.lamina.cli;

import java.util.concurrent.Callable;
import org.lamina.registry.Registry;
import org.lamina.spi.Architecture;
import org.lamina.spi.LayerType;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Loss;
import org.lamina.spi.Optimizer;
import picocli.CommandLine.Command;

/** {@code lamina plugins}: every architecture, loss, optimizer, schedule and layer type, with its provider. */
@Command(name = "plugins", description = "List the architectures, losses, optimizers, schedules and layer types.")
final class PluginsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Registry r = Registry.fromClassPath();
        String row = "%-16s %-14s %-34s %s%n";
        System.out.printf(row, "kind", "name", "provider", "description");
        list(r, Architecture.class, "architecture", row, Architecture::description);
        list(r, Loss.class, "loss", row, Loss::description);
        list(r, Optimizer.class, "optimizer", row, Optimizer::description);
        list(r, LearningRateSchedule.class, "schedule", row, s -> "");
        list(r, LayerType.class, "layer type", row, LayerType::description);
        r.warnings().forEach(w -> System.out.println("warning: " + w));
        return 0;
    }

    private static <T> void list(Registry r, Class<T> kind, String label, String row,
            java.util.function.Function<T, String> description) {
        for (Registry.Entry<T> e : r.list(kind)) {
            System.out.printf(row, label, e.name(), e.provider(), description.apply(e.service()));
        }
    }
}
