package dev.annogan.training.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link AdamMoments} of every parameter on every device, held by a manager that outlives
 * batches, and their translation between DJL's per-instance parameter ids and the structural names
 * a saved state uses.
 */
final class AdamStates implements AutoCloseable {

    private final Map<String, Map<Device, AdamMoments>> moments = new ConcurrentHashMap<>();
    // Restored state, copied to each device on that device's first update.
    private final Map<String, AdamMoments> restored = new ConcurrentHashMap<>();
    private NDManager manager;
    private boolean closed;

    /**
     * Returns the state of a parameter's copy on {@code weight}'s device, creating it from restored
     * state or as zeros at step {@code initialStep}.
     */
    AdamMoments forUpdate(String parameterId, NDArray weight, int initialStep) {
        Map<Device, AdamMoments> perDevice = moments.get(parameterId);
        AdamMoments existing = perDevice == null ? null : perDevice.get(weight.getDevice());
        if (existing == null) {
            return create(parameterId, weight, initialStep);
        }
        // A second visit means every device has already taken its copy.
        AdamMoments template = restored.remove(parameterId);
        if (template != null) {
            template.close();
        }
        return existing;
    }

    /** Returns a parameter's state to save or report, or null if it has none. */
    AdamMoments current(String parameterId) {
        // Device copies take identical steps; the most advanced one is the truth.
        AdamMoments best = null;
        Map<Device, AdamMoments> perDevice = moments.get(parameterId);
        if (perDevice != null) {
            for (AdamMoments candidate : perDevice.values()) {
                if (best == null || candidate.step() > best.step()) {
                    best = candidate;
                }
            }
        }
        return best != null ? best : restored.get(parameterId);
    }

    /** Returns the state of {@code block}'s parameters, keyed by their structural names. */
    synchronized Map<String, AdamMoments> byName(Block block) {
        checkOpen();
        Map<String, AdamMoments> states = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            AdamMoments state = current(parameter.getValue().getId());
            if (state != null) {
                states.put(parameter.getKey(), state);
            }
        }
        return states;
    }

    /**
     * Replaces all state with {@code byName}, read for {@code block}; on failure releases {@code
     * byName} and keeps the current state.
     */
    synchronized void restore(Block block, Map<String, AdamMoments> byName) throws IOException {
        Map<String, AdamMoments> byId;
        try {
            checkOpen();
            byId = keyById(block, byName);
        } catch (IOException | RuntimeException e) {
            byName.values().forEach(AdamMoments::close);
            throw e;
        }
        clear();
        restored.putAll(byId);
    }

    /** Returns the manager holding the state, creating it like {@code parent} on first use. */
    synchronized NDManager manager(NDManager parent) {
        checkOpen();
        // A manager of its own, on the weights' device and engine, closed by close(): not a
        // child of the weight's manager, which on MXNet is a short-lived wrapper that the
        // parameter server closes after each update.
        if (manager == null) {
            manager =
                    NDManager.newBaseManager(
                            parent.getDevice(), parent.getEngine().getEngineName());
        }
        return manager;
    }

    /** Releases every state array; no state can be created afterwards. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            clear();
            if (manager != null) {
                manager.close();
            }
        }
    }

    private synchronized AdamMoments create(String parameterId, NDArray weight, int initialStep) {
        NDManager holder = manager(weight.getManager());
        AdamMoments template = restored.get(parameterId);
        AdamMoments created;
        if (template == null) {
            created = AdamMoments.zeros(weight, initialStep, holder);
        } else {
            if (!template.mean().getShape().equals(weight.getShape())) {
                throw new IllegalStateException(
                        parameterId
                                + ": restored optimizer state has shape "
                                + template.mean().getShape()
                                + " but the weight has shape "
                                + weight.getShape());
            }
            created = template.copyTo(weight.getDevice(), holder);
        }
        moments.computeIfAbsent(parameterId, k -> new ConcurrentHashMap<>())
                .put(weight.getDevice(), created);
        return created;
    }

    private static Map<String, AdamMoments> keyById(Block block, Map<String, AdamMoments> byName)
            throws IOException {
        ParameterList parameters = block.getParameters();
        Map<String, AdamMoments> byId = new HashMap<>();
        for (Map.Entry<String, AdamMoments> entry : byName.entrySet()) {
            String name = entry.getKey();
            if (!parameters.contains(name)) {
                throw new IOException(
                        "optimizer state names parameter '"
                                + name
                                + "', which the block does not have");
            }
            Parameter parameter = parameters.get(name);
            Shape saved = entry.getValue().mean().getShape();
            if (parameter.isInitialized() && !parameter.getArray().getShape().equals(saved)) {
                throw new IOException(
                        "optimizer state for parameter '"
                                + name
                                + "' has shape "
                                + saved
                                + " but the parameter has shape "
                                + parameter.getArray().getShape());
            }
            byId.put(parameter.getId(), entry.getValue());
        }
        return byId;
    }

    private void clear() {
        List<AdamMoments> all = new ArrayList<>(restored.values());
        moments.values().forEach(perDevice -> all.addAll(perDevice.values()));
        all.forEach(AdamMoments::close);
        moments.clear();
        restored.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("StatefulAdam is closed");
        }
    }
}
