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
 * <p>Layout: the UTF string {@value #MAGIC}, an int version, the float learning-rate scale, an int
 * entry count, then per parameter its UTF structural name, int step count and the moments {@code m}
 * and {@code v}, each as an int length followed by {@link NDArray#encode()}'s bytes. Arrays are
 * stored verbatim so a restored run repeats the uninterrupted one bit for bit.
 */
final class AdamStateFormat {

    static final String MAGIC = "annogan.StatefulAdam";
    static final int VERSION = 1;

    private AdamStateFormat() {}

    /** What a saved state holds: the learning-rate scale and each parameter's state by name. */
    record Contents(float learningRateScale, Map<String, AdamMoments> states) {}

    static void write(
            DataOutputStream out, float learningRateScale, Map<String, AdamMoments> states)
            throws IOException {
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        out.writeFloat(learningRateScale);
        out.writeInt(states.size());
        for (Map.Entry<String, AdamMoments> entry : states.entrySet()) {
            AdamMoments state = entry.getValue();
            out.writeUTF(entry.getKey());
            out.writeInt(state.step());
            writeArray(out, state.mean());
            writeArray(out, state.variance());
        }
        out.flush();
    }

    /** Reads a state into arrays held by {@code manager}; on failure releases what it read. */
    static Contents read(DataInputStream in, NDManager manager) throws IOException {
        String magic = in.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new IOException("not a StatefulAdam state: header is '" + magic + "'");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported StatefulAdam state version " + version);
        }
        float learningRateScale = in.readFloat();
        if (!(learningRateScale > 0f) || !Float.isFinite(learningRateScale)) {
            throw new IOException(
                    "StatefulAdam state has learning rate scale " + learningRateScale);
        }
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("StatefulAdam state has " + count + " entries");
        }
        Map<String, AdamMoments> states = new LinkedHashMap<>();
        try {
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int step = in.readInt();
                if (step < 0) {
                    throw new IOException(name + ": StatefulAdam state has step count " + step);
                }
                if (states.containsKey(name)) {
                    throw new IOException(name + ": StatefulAdam state lists this parameter twice");
                }
                NDArray mean = readArray(in, manager, name);
                NDArray variance;
                try {
                    variance = readArray(in, manager, name);
                } catch (IOException | RuntimeException e) {
                    mean.close();
                    throw e;
                }
                states.put(name, new AdamMoments(step, mean, variance));
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

    private static NDArray readArray(DataInputStream in, NDManager manager, String name)
            throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException(name + ": StatefulAdam state has an array of length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return NDArray.decode(manager, bytes);
    }
}
