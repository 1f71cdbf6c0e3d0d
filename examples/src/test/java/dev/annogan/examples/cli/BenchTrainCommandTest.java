package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** The benchmark prints the reference's JSON for every workload. */
class BenchTrainCommandTest {

    @Test
    void everyWorkloadRunsAndReportsItsArithmetic() {
        double[] gflop = {0.122, 16.875, 15.855};
        String[] workloads = {"w1", "w2", "w3"};
        for (int i = 0; i < workloads.length; i++) {
            CliRun run =
                    CliRun.of(
                            "bench",
                            "train",
                            "--workload",
                            workloads[i],
                            "--iters",
                            "2",
                            "--warmup",
                            "1",
                            "--reps",
                            "1",
                            "--threads",
                            "1",
                            "--json");
            assertEquals(0, run.code(), run.err());
            String last = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
            JsonObject json = JsonParser.parseString(last).getAsJsonObject();
            assertEquals(workloads[i], json.get("workload").getAsString());
            assertEquals(
                    ai.djl.engine.Engine.getInstance().getEngineName(),
                    json.get("engine").getAsString());
            assertTrue(json.get("ms_per_iter").getAsDouble() > 0, last);
            assertEquals(gflop[i], json.get("gflop_per_iter").getAsDouble(), 0.001, last);
        }
    }

    @Test
    void anUnknownWorkloadIsNamed() {
        CliRun run = CliRun.of("bench", "train", "--workload", "w9");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("w9"), run.err());
    }
}
