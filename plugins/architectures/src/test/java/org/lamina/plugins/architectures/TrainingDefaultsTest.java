package org.lamina.plugins.architectures;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.graph.Network;
import org.lamina.spi.Options;

/**
 * What each architecture asks of training: its task (U-Net segments, the autoencoder reconstructs,
 * the others classify) and the weights of its further outputs (GoogLeNet's auxiliary classifiers, 0.3
 * each, named as its outputs).
 */
class TrainingDefaultsTest {

    @Test
    void tasks() {
        assertEquals("segment", ZooTest.arch("unet").task());
        assertEquals("reconstruct", ZooTest.arch("autoencoder").task());
        for (String name : new String[] {"lenet5", "resnet18", "googlenet", "vgg11", "mobilenet_v2"}) {
            assertEquals("classify", ZooTest.arch(name).task(), name);
        }
    }

    @Test
    void googLeNetWeighsItsAuxiliaryClassifiersAtThreeTenths() {
        var googlenet = ZooTest.arch("googlenet");
        Map<String, Double> weights = googlenet.auxiliaryLossWeights();
        assertEquals(Map.of("aux1", 0.3, "aux2", 0.3), weights);
        Network net = googlenet.build(new int[] {3, 32, 32}, 10, Options.empty());
        assertEquals(net.outputs().subList(1, net.outputs().size()), weights.keySet().stream().sorted().toList(),
                "every further output has a weight, under its output's name");
        assertTrue(ZooTest.arch("resnet18").auxiliaryLossWeights().isEmpty());
    }
}
