package dev.annogan.examples.cli;

import dev.annogan.examples.labelgan.LabelGanModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code annogan sample label-gan}: prints label sets sampled from a trained label-set GAN. */
final class SampleLabelGanCommand implements Command {

    @Override
    public String name() {
        return "sample label-gan";
    }

    @Override
    public String summary() {
        return "print label sets sampled from a trained label-set GAN";
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required(
                        "model", "DIR", "a run folder of 'train label-gan' (or its model/)"),
                Option.optional("n", "N", "number of label sets", 10),
                Option.optional("seed", "K", "random seed of the noise", 0));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Path dir = args.path("model");
        if (!java.nio.file.Files.exists(dir.resolve("model.json"))
                && java.nio.file.Files.exists(dir.resolve("model/model.json"))) {
            dir = dir.resolve("model");
        }
        int n = args.integer("n", 1, 100_000);
        try (LabelGanModel model = LabelGanModel.load(dir)) {
            List<List<String>> sets = model.sample(n, args.longValue("seed"));
            for (int i = 0; i < sets.size(); i++) {
                List<String> set = sets.get(i);
                out.printf(
                        "%3d  %s%n", i + 1, set.isEmpty() ? "(no labels)" : String.join(", ", set));
            }
        }
        return 0;
    }
}
