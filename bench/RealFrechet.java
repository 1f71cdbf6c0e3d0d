import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import dev.annogan.core.metrics.FrechetDistance;
import dev.annogan.core.metrics.GaussianStats;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.examples.cgan.FidClassifier;
import dev.annogan.examples.classifier.ClassifierData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reference Fréchet distances for the augmentation figure of BENCHMARKS.md, measured like {@code
 * train cgan}'s: against the 1,000 validation images of a seed (100 per class), in the features of
 * the same fixed classifier, with one image of the same class per validation image. Two stand-ins
 * for a generator: (a) real training images (a perfect generator scores about this), (b) the 100
 * labelled images of {@code --labels-per-class 10}, repeated (a generator that memorised its
 * training set scores about this).
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp examples/target/annogan.jar bench/RealFrechet.java \
 *     ../shared/data/fashion-mnist runs/fashion-classifier 1
 * </pre>
 */
public class RealFrechet {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path classifierFolder = Path.of(args[1]);
        long seed = Long.parseLong(args[2]);
        int k = FashionMnist.CLASS_NAMES.size();
        FashionMnist validation = ClassifierData.load(data, 10, 100, 0, seed).validation();
        FashionMnist train =
                FashionMnist.builder()
                        .optUsage(Dataset.Usage.TRAIN)
                        .optRoot(data)
                        .optValidationPerClass(100, seed)
                        .setSampling(100, false)
                        .build();
        train.prepare(null);
        FashionMnist labelled = ClassifierData.labelledOnly(data, 10, 100, seed, 100);
        List<List<Long>> trainByClass = byClass(train, 100, k);
        List<List<Long>> labelledByClass = byClass(labelled, 10, k);
        try (FidClassifier classifier =
                        FidClassifier.loadOrTrain(classifierFolder, data, System.out);
                NDManager manager = NDManager.newBaseManager()) {
            Function<NDArray, NDList> features = classifier.asFunction();
            GaussianStats real = null;
            GaussianStats fromTrain = null;
            GaussianStats memorised = null;
            int[] seen = new int[k];
            for (long start = 0; start < validation.size(); start += 100) {
                NDList v = new NDList();
                NDList t = new NDList();
                NDList l = new NDList();
                for (long i = start; i < Math.min(validation.size(), start + 100); i++) {
                    int c = validation.getLabel(i);
                    v.add(validation.get(manager, i).getData().head());
                    t.add(train.get(manager, trainByClass.get(c).get(seen[c] % 100)).getData().head());
                    l.add(labelled.get(manager, labelledByClass.get(c).get(seen[c] % 10)).getData().head());
                    seen[c]++;
                }
                NDArray fv = features.apply(NDArrays.stack(v)).get(1);
                NDArray ft = features.apply(NDArrays.stack(t)).get(1);
                NDArray fl = features.apply(NDArrays.stack(l)).get(1);
                if (real == null) {
                    int width = Math.toIntExact(fv.getShape().get(1));
                    real = new GaussianStats(width);
                    fromTrain = new GaussianStats(width);
                    memorised = new GaussianStats(width);
                }
                real.addRowMajor(fv.toFloatArray());
                fromTrain.addRowMajor(ft.toFloatArray());
                memorised.addRowMajor(fl.toFloatArray());
            }
            System.out.printf(
                    "seed %d: Fréchet distance to the validation images: real training images %.2f,"
                            + " the 100 labelled images repeated %.2f%n",
                    seed,
                    FrechetDistance.of(fromTrain, real),
                    FrechetDistance.of(memorised, real));
        }
    }

    /** The last {@code perClass} records of each class (read from the end of the dataset). */
    private static List<List<Long>> byClass(FashionMnist dataset, int perClass, int k) {
        List<List<Long>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            byClass.add(new ArrayList<>());
        }
        for (long i = dataset.size() - 1; i >= 0; i--) {
            List<Long> of = byClass.get(dataset.getLabel(i));
            if (of.size() < perClass) {
                of.add(i);
            }
        }
        return byClass;
    }
}
