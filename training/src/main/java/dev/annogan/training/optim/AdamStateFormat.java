package dev.annogan.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary layout of a saved {@link StatefulAdam} state.
 *
 * <p>Layout: the UTF string {@value #MAGIC}, an int version, floats beta1, beta2 and the
 * learning-rate scale, an int entry count, then per parameter its UTF id, int step count and the
 * two sums of {@link AdamMoments}, each as an int length followed by {@link NDArray#encode()}'s
 * bytes. Arrays are stored verbatim so a restored run repeats the uninterrupted one bit for bit.
 */
final class AdamStateFormat {

    static final String MAGIC = "annogan.StatefulAdam";
    static final int VERSION = 1;

    private AdamStateFormat() {}

    /** What a saved state holds, in the reading optimizer's representation. */
    record Contents(float learningRateScale, Map<String, AdamMoments> states) {}

    static void write(
            DataOutputStream out,
            float beta1,
            float beta2,
            float learningRateScale,
            Map<String, AdamMoments> states)
            throws IOException {
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        out.writeFloat(beta1);
        out.writeFloat(beta2);
        out.writeFloat(learningRateScale);
        out.writeInt(states.size());
        for (Map.Entry<String, AdamMoments> entry : states.entrySet()) {
            AdamMoments state = entry.getValue();
            out.writeUTF(entry.getKey());
            out.writeInt(state.step());
            writeArray(out, state.gradientSum());
            writeArray(out, state.squareSum());
        }
        out.flush();
    }

    /**
     * Reads a state into arrays held by {@code manager}, rescaling the sums when the saving
     * optimizer's betas differ from {@code beta1} and {@code beta2}; on failure releases whatever
     * it read.
     */
    static Contents read(DataInputStream in, NDManager manager, float beta1, float beta2)
            throws IOException {
        String magic = in.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new IOException("not a StatefulAdam state: header is '" + magic + "'");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported StatefulAdam state version " + version);
        }
        float savedBeta1 = in.readFloat();
        float savedBeta2 = in.readFloat();
        float learningRateScale = in.readFloat();
        if (!(learningRateScale > 0f) || !Float.isFinite(learningRateScale)) {
            throw new IOException(
                    "StatefulAdam state has learning rate scale " + learningRateScale);
        }
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("StatefulAdam state has " + count + " entries");
        }
        // Sums of a different beta are rescaled so that Adam's averages carry over unchanged.
        float firstFactor = (1f - savedBeta1) / (1f - beta1);
        float secondFactor = (1f - savedBeta2) / (1f - beta2);
        Map<String, AdamMoments> states = new LinkedHashMap<>();
        try {
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                int step = in.readInt();
                if (step < 0) {
                    throw new IOException(id + ": StatefulAdam state has step count " + step);
                }
                NDArray gradientSum = readArray(in, manager, id);
                NDArray squareSum;
                try {
                    squareSum = readArray(in, manager, id);
                } catch (IOException | RuntimeException e) {
                    gradientSum.close();
                    throw e;
                }
                AdamMoments state = new AdamMoments(step, gradientSum, squareSum);
                AdamMoments previous = states.put(id, state);
                if (previous != null) {
                    previous.close();
                    throw new IOException(id + ": StatefulAdam state lists this parameter twice");
                }
                if (firstFactor != 1f) {
                    gradientSum.muli(firstFactor);
                }
                if (secondFactor != 1f) {
                    squareSum.muli(secondFactor);
                }
            }
        } catch (IOException | RuntimeException e) {
            states.values().forEach(AdamMoments::close);
            throw e;
        }
        return new Contents(learningRateScale, states);
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static NDArray readArray(DataInputStream in, NDManager manager, String id)
            throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException(id + ": StatefulAdam state has an array of length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return NDArray.decode(manager, bytes);
    }
}
