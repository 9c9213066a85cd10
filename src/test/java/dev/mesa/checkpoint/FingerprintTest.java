package dev.mesa.checkpoint;

import dev.mesa.distribution.MesaConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canonical fingerprint: explicit fields, sorted, exact numbers, optional fields absent while unchanged. */
class FingerprintTest {
    @Test
    void fieldsAreSortedByNameWhateverTheOrderTheyAreAddedIn() {
        String a = Fingerprint.of("t").with("b", 2).with("a", "x").with("c", List.of(1.5, 2.0)).text();
        String b = Fingerprint.of("t").with("c", List.of(1.5, 2.0)).with("a", "x").with("b", 2).text();
        assertEquals(a, b);
        assertEquals("t{a=\"x\",b=2,c=[0x1.8p0,0x1.0p1]}", a);
    }

    @Test
    void doublesAreExactSoNeighbouringValuesDiffer() {
        assertNotEquals(Fingerprint.of("t").with("lr", 0.1).text(),
                Fingerprint.of("t").with("lr", Math.nextUp(0.1)).text());
        assertNotEquals(Fingerprint.of("t").with("n", 1).text(), Fingerprint.of("t").with("n", 1.0).text(),
                "an int and a double are different fields");
    }

    @Test
    void anOptionalFieldIsLeftOutWhileItKeepsTheEarlierBehaviour() {
        String before = Fingerprint.of("t").with("a", 1).text();
        assertEquals(before, Fingerprint.of("t").with("a", 1).withOptional("added", 0.0, 0.0).text());
        assertEquals("t{a=1,added=0x1.0p-1}", Fingerprint.of("t").with("a", 1).withOptional("added", 0.5, 0.0).text());
    }

    @Test
    void nestedFingerprintsAndStringsWithQuotesStayUnambiguous() {
        String nested = Fingerprint.of("outer").with("inner", Fingerprint.of("in").with("s", "a\"b")).text();
        assertEquals("outer{inner=in{s=\"a\\\"b\"}}", nested);
    }

    @Test
    void aRecordIsRefusedBecauseItsTextIsNotCanonical() {
        record Settings(int epochs) {}
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fingerprint.of("t").with("settings", new Settings(3)));
        assertTrue(e.getMessage().contains("toString() is not canonical"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of("t").with("a", 1).with("a", 2),
                "a field named twice");
    }

    /**
     * The paper's MESA configuration, pinned: checkpoints written today must be resumed by later versions, so this
     * text changes only when a field that changes training does (a new field goes in with withOptional).
     */
    @Test
    void thePapersMesaConfigurationHasAStableText() {
        assertEquals("mesa-config{adamBeta1=0x1.0p-1,adamBeta2=0x1.ff7ced916872bp-1,alpha=0x1.999999999999ap-4,"
                + "batchSize=128,betas=[0x1.0p-1,0x1.999999999999ap-1,0x1.ccccccccccccdp-1],epochs=10,hidden=512,"
                + "learningRate=0x1.a36e2eb1c432dp-13,mineMovingAverageRate=0x1.0624dd2f1a9fcp-10,noiseDim=64,"
                + "noiseStd=0x1.999999999999ap-4,statisticsFinalActivation=true}", MesaConfig.paper().fingerprint().text());
    }
}
