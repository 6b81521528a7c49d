package io.sparksweep.plan;

import io.sparksweep.util.Sha256;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Derives identifiers and seeds from their inputs alone, never from shared state, so any trial
 * can be re-run by itself and gets the same seed on every machine.
 */
public final class Seeds {

    private Seeds() {}

    /** 12 hex digits of SHA-256 over the configuration's canonical text. */
    public static String configId(String canonicalConfig) {
        return HexFormat.of().formatHex(Sha256.bytes(canonicalConfig)).substring(0, 12);
    }

    public static String trialId(String configId, int repeat) {
        return configId + "-r" + repeat;
    }

    /**
     * The seed of one trial: f(sweep seed, config id, repeat). 53 bits, so it survives JSON and
     * spreadsheets unchanged.
     */
    public static long trialSeed(long sweepSeed, String configId, int repeat) {
        byte[] h = Sha256.bytes(sweepSeed + "/" + configId + "/" + repeat);
        return ByteBuffer.wrap(h).getLong() & ((1L << 53) - 1);
    }

    /**
     * The seed of repeat {@code repeat} of every configuration in a paired race ({@code repeats: {...,
     * paired: true}}): f(sweep seed, repeat) only, so repeat r of every configuration draws the same data
     * order and noise (and, for equal shapes, the same initial weights), and two configurations' values at
     * the same repeat are correlated (common random numbers). SHA-256 of {@code "<sweep seed>/paired/<repeat>"},
     * first 8 bytes, 53 bits.
     */
    public static long pairedTrialSeed(long sweepSeed, int repeat) {
        byte[] h = Sha256.bytes(sweepSeed + "/paired/" + repeat);
        return ByteBuffer.wrap(h).getLong() & ((1L << 53) - 1);
    }

    /**
     * The seed of one trial: {@link #pairedTrialSeed} in a paired race, else
     * {@link #trialSeed}.
     */
    public static long trialSeed(long sweepSeed, boolean paired, String configId, int repeat) {
        return paired ? pairedTrialSeed(sweepSeed, repeat) : trialSeed(sweepSeed, configId, repeat);
    }

    /**
     * The seed ND4J's generator (dropout masks, noise) is reset to at the start of epoch {@code epoch}
     * (from 2): an epoch's random draws then depend on the trial and the epoch only, so a trial
     * continued from a checkpoint draws what it would have drawn in one go.
     */
    public static long epochSeed(long trialSeed, int epoch) {
        byte[] h = Sha256.bytes(trialSeed + "/epoch/" + epoch);
        return ByteBuffer.wrap(h).getLong() & ((1L << 53) - 1);
    }

    /**
     * The seed of the corruption of a test set at one robustness level: f(noise, level) only —
     * neither the sweep nor the trial — so every trial of every sweep, and {@code evaluate} on a
     * stored model, sees the same corrupted images at the same level. SHA-256 of
     * {@code "robustness/<noise>/<level>"} (the level with at most 9 significant digits and no
     * trailing zeros, e.g. {@code robustness/salt_and_pepper/0.05}), first 8 bytes, 53 bits.
     */
    public static long noiseSeed(String noise, String canonicalLevel) {
        byte[] h = Sha256.bytes("robustness/" + noise + "/" + canonicalLevel);
        return ByteBuffer.wrap(h).getLong() & ((1L << 53) - 1);
    }
}
