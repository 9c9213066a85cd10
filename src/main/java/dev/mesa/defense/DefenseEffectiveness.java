package dev.mesa.defense;

/**
 * BackdoorBench's defence effectiveness rate: {@code DER = (max(0, ΔASR) − max(0, ΔACC) + 1) / 2} with
 * {@code ΔASR = ASR_before − ASR_after} and {@code ΔACC = ACC_before − ACC_after} (all in [0, 1]). 1 is a
 * perfect defence, 0.5 no change.
 */
public final class DefenseEffectiveness {
    private DefenseEffectiveness() {}

    public static double rate(double asrBefore, double asrAfter, double accuracyBefore, double accuracyAfter) {
        return (Math.max(0, asrBefore - asrAfter) - Math.max(0, accuracyBefore - accuracyAfter) + 1) / 2;
    }
}
