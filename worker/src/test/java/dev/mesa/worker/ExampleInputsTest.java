package dev.mesa.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.activities.ModelKeys;
import dev.mesa.worker.client.DemoPlan;
import dev.mesa.worker.client.Submission;
import dev.mesa.workflows.DefenseInput;
import dev.mesa.workflows.SeedRule;
import dev.mesa.workflows.SweepInput;
import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.TrainClassifierRequest;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The example inputs fit the artifact store's key scheme: the defence example names the backdoored bw-170 model
 * that both the sweep example and {@code mesa demo} produce (same dataset, classifier, attack and seed, so the same
 * content keys), and every example is accepted by {@code mesa run}.
 */
class ExampleInputsTest {
    private static final Path EXAMPLES = Path.of("../deploy/examples");
    private final ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    @Test
    void theDefenseExampleDefendsTheModelTheSweepExampleAndTheDemoBackdoor() throws Exception {
        SweepInput sweep = mapper.readValue(EXAMPLES.resolve("sweep-bw3-synthetic.json").toFile(), SweepInput.class);
        DefenseInput defense = mapper.readValue(EXAMPLES.resolve("defense-synthetic.json").toFile(), DefenseInput.class);

        assertEquals(attackedModelKey(DemoPlan.synthetic()), attackedModelKey(sweep));
        assertEquals(attackedModelKey(sweep), defense.modelKey());
        assertEquals(sweep.withDefaults().dataset(), defense.withDefaults().dataset());
    }

    @Test
    void mesaRunAcceptsEveryExample() {
        assertEquals("defense/synthetic-demo", Submission.read(EXAMPLES.resolve("defense-synthetic.json"), null).workflowId());
        assertEquals("sweep/bw3-synthetic", Submission.read(EXAMPLES.resolve("sweep-bw3-synthetic.json"), null).workflowId());
        assertEquals("defense/suspect-cifar10", Submission.read(EXAMPLES.resolve("defense-torchscript.json"), null)
                .workflowId());
    }

    /** The key of the bw-170 model the sweep backdoors, derived as SweepRun and TriggerExperimentRun derive it. */
    static String attackedModelKey(SweepInput raw) {
        SweepInput sweep = raw.withDefaults().validate();
        String clean = ModelKeys.clean(new TrainClassifierRequest(sweep.dataset(), sweep.classifier(),
                SeedRule.derive(sweep.seed(), SeedRule.Stream.CLASSIFIER, 0)));
        TriggerSpec trigger = TriggerSpec.blackWhite(170).withDefaults();
        long triggerSeed = SeedRule.derive(sweep.seed(), SeedRule.Stream.TRIGGER, trigger.label().hashCode());
        return ModelKeys.attacked(new InjectBackdoorRequest(clean, sweep.dataset(), trigger, sweep.attack(),
                SeedRule.derive(triggerSeed, SeedRule.Stream.ATTACK, 0)));
    }
}
