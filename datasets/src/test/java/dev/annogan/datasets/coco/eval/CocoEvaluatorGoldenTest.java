package dev.annogan.datasets.coco.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.annogan.datasets.SharedData;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.CocoResults;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** On coco-tiny, the 12 summary numbers equal those pycocotools' COCOeval printed. */
class CocoEvaluatorGoldenTest {

    private static final String[] STAT_NAMES = {
        "AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"
    };

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"train2017, bbox", "train2017, segm", "val2017, bbox", "val2017, segm"})
    void summaryStatsMatchPycocotools(String split, String iouType) throws IOException {
        Path coco = SharedData.cocoTiny();
        Path golden = coco.resolve("golden").resolve(split);
        CocoIndex gt = CocoIndex.read(coco.resolve("annotations/instances_" + split + ".json"));
        List<CocoPrediction> dt =
                CocoResults.read(golden.resolve("results_" + iouType + ".json"), gt);

        EvalResult result = CocoEvaluator.evaluate(gt, dt, IouType.valueOf(iouType.toUpperCase()));

        JsonArray expected;
        try (Reader in = Files.newBufferedReader(golden.resolve("golden.json"))) {
            expected =
                    JsonParser.parseReader(in)
                            .getAsJsonObject()
                            .getAsJsonObject("eval")
                            .getAsJsonArray(iouType);
        }
        double[] stats = result.stats();
        assertEquals(STAT_NAMES.length, expected.size());
        for (int i = 0; i < STAT_NAMES.length; i++) {
            assertEquals(
                    expected.get(i).getAsDouble(),
                    stats[i],
                    1e-4,
                    STAT_NAMES[i] + " of " + split + " " + iouType + ":\n" + result.summary());
        }
    }
}
