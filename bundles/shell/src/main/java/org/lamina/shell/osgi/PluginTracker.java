package org.lamina.shell.osgi;

import org.lamina.registry.Registry;
import org.lamina.spi.Architecture;
import org.lamina.spi.LayerType;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Loss;
import org.lamina.spi.Optimizer;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Feeds the container's {@link Registry} from the OSGi service registry: every architecture, loss,
 * optimizer, schedule and layer type a plugin bundle publishes is registered under the bundle's
 * name and version while the service exists, and unregistered when its bundle stops or goes away.
 */
@Component(service = PluginTracker.class, immediate = true)
public final class PluginTracker {
    private final Registry registry = new Registry();

    /** The registry the container's commands resolve names in. */
    public Registry registry() {
        return registry;
    }

    static String provider(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "unknown bundle" : b.getSymbolicName() + " " + b.getVersion();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addArchitecture(Architecture a, ServiceReference<Architecture> ref) {
        registry.register(Architecture.class, a.name(), a, provider(ref));
    }

    void removeArchitecture(Architecture a) {
        registry.unregister(Architecture.class, a.name(), a);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addLoss(Loss l, ServiceReference<Loss> ref) {
        registry.register(Loss.class, l.name(), l, provider(ref));
    }

    void removeLoss(Loss l) {
        registry.unregister(Loss.class, l.name(), l);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addOptimizer(Optimizer o, ServiceReference<Optimizer> ref) {
        registry.register(Optimizer.class, o.name(), o, provider(ref));
    }

    void removeOptimizer(Optimizer o) {
        registry.unregister(Optimizer.class, o.name(), o);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSchedule(LearningRateSchedule s, ServiceReference<LearningRateSchedule> ref) {
        registry.register(LearningRateSchedule.class, s.name(), s, provider(ref));
    }

    void removeSchedule(LearningRateSchedule s) {
        registry.unregister(LearningRateSchedule.class, s.name(), s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addLayerType(LayerType t, ServiceReference<LayerType> ref) {
        registry.register(LayerType.class, t.name(), t, provider(ref));
    }

    void removeLayerType(LayerType t) {
        registry.unregister(LayerType.class, t.name(), t);
    }
}
