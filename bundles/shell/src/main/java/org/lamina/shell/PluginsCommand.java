package org.lamina.shell;

import java.util.concurrent.Callable;
import org.lamina.registry.Registry;
import org.lamina.spi.Architecture;
import org.lamina.spi.LayerType;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Loss;
import org.lamina.spi.Optimizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code lamina plugins}: every architecture, loss, optimizer, schedule and layer type, with its provider. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "List the architectures, losses, optimizers, schedules and layer types.")
final class PluginsCommand implements Callable<Integer> {
    @ParentCommand
    Shell shell;


    @Override
    public Integer call() {
        Registry r = shell.registry();
        String row = "%-13s %-14s %-44s %-9s %s%n";
        System.out.printf(row, "kind", "name", "provider", "state", "description");
        list(r, Architecture.class, "architecture", row, Architecture::description);
        list(r, Loss.class, "loss", row, Loss::description);
        list(r, Optimizer.class, "optimizer", row, Optimizer::description);
        list(r, LearningRateSchedule.class, "schedule", row, s -> "");
        list(r, LayerType.class, "layer type", row, LayerType::description);
        shell.states().problems().forEach(p -> System.out.println("problem: " + p));
        return 0;
    }

    private <T> void list(Registry r, Class<T> kind, String label, String row,
            java.util.function.Function<T, String> description) {
        for (Registry.Entry<T> e : r.list(kind)) {
            System.out.printf(row, label, e.name(), e.provider(), shell.states().state(e.provider()),
                    description.apply(e.service()));
        }
    }
}
