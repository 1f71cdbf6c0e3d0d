package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.annogan.core.nn.BufferedBlock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a block's parameter values and reads them back <em>into the arrays the block already
 * has</em>. DJL's {@code Block.loadParameters} swaps in new arrays, but a {@code Trainer}'s
 * parameter store keeps the old ones, so a resumed trainer would go on training the initial
 * weights; copying in place keeps every holder of the arrays in step. A block's state is its
 * parameters and its buffers (batch norm's running statistics, spectral norm's vector).
 */
final class ParameterValues {

    private ParameterValues() {}

    /**
     * Writes the state of {@code block}, its parameters then its buffers (see {@link
     * BufferedBlock}): count, then name and encoded array of each.
     */
    static void write(Block block, DataOutputStream out) throws IOException {
        write(stateArraysOf(block), stateNamesOf(block), out);
    }

    /** Reads values written by {@link #write(Block, DataOutputStream)} into the block, in place. */
    static void read(Block block, NDManager manager, DataInputStream in) throws IOException {
        read(stateArraysOf(block), stateNamesOf(block), manager, in);
    }

    /** Writes named arrays. */
    static void write(List<NDArray> arrays, List<String> names, DataOutputStream out)
            throws IOException {
        out.writeInt(arrays.size());
        for (int i = 0; i < arrays.size(); i++) {
            out.writeUTF(names.get(i));
            byte[] bytes = arrays.get(i).encode();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.flush();
    }

    /**
     * Reads values written by {@link #write} into {@code arrays}, in place.
     *
     * @throws IOException naming the parameter whose name, count or shape does not match
     */
    static void read(
            List<NDArray> arrays, List<String> names, NDManager manager, DataInputStream in)
            throws IOException {
        int n = in.readInt();
        if (n != arrays.size()) {
            throw new IOException("holds " + n + " parameters, the network has " + arrays.size());
        }
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            if (!name.equals(names.get(i))) {
                throw new IOException(
                        "parameter "
                                + i
                                + " is '"
                                + name
                                + "', the network has '"
                                + names.get(i)
                                + "'");
            }
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            try (NDArray value = NDArray.decode(manager, bytes)) {
                NDArray target = arrays.get(i);
                if (!value.getShape().equals(target.getShape())) {
                    throw new IOException(
                            "parameter '"
                                    + name
                                    + "' has shape "
                                    + value.getShape()
                                    + ", the network has "
                                    + target.getShape());
                }
                value.copyTo(target);
            }
        }
    }

    /** Returns the parameter arrays of a block, then its buffers'. */
    static List<NDArray> stateArraysOf(Block block) {
        List<NDArray> arrays = arraysOf(block);
        for (Pair<String, NDArray> buffer : BufferedBlock.buffersOf(block)) {
            arrays.add(buffer.getValue());
        }
        return arrays;
    }

    /** Returns the parameter names of a block, then its buffers'. */
    static List<String> stateNamesOf(Block block) {
        List<String> names = namesOf(block);
        for (Pair<String, NDArray> buffer : BufferedBlock.buffersOf(block)) {
            names.add("buffer " + buffer.getKey());
        }
        return names;
    }

    /** Returns the parameter arrays of a block, in its parameter order. */
    static List<NDArray> arraysOf(Block block) {
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            arrays.add(pair.getValue().getArray());
        }
        return arrays;
    }

    /** Returns the parameter names of a block, in its parameter order. */
    static List<String> namesOf(Block block) {
        List<String> names = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            names.add(pair.getKey());
        }
        return names;
    }
}
