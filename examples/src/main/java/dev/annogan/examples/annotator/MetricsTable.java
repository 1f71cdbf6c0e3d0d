package dev.annogan.examples.annotator;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The table a run ends with: its validation metrics, then optional per-class values. */
public final class MetricsTable {

    private MetricsTable() {}

    /**
     * Prints the table.
     *
     * @param out where to print
     * @param title the heading, e.g. which run and how many held-out images
     * @param metrics the metrics in print order
     * @param perClassName the heading of the per-class column, e.g. "AP"; ignored without values
     * @param classNames the class names, in value order
     * @param perClass one value per class (NaN prints as "-"), or null for none
     */
    public static void print(
            PrintStream out,
            String title,
            Map<String, Double> metrics,
            String perClassName,
            List<String> classNames,
            double[] perClass) {
        out.println();
        out.println(title);
        out.printf("  %-24s %10s%n", "metric", "value");
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            out.printf("  %-24s %10s%n", e.getKey(), format(e.getValue()));
        }
        if (perClass != null) {
            out.printf("  %-24s %10s%n", "class", perClassName);
            for (int k = 0; k < perClass.length; k++) {
                out.printf("  %-24s %10s%n", classNames.get(k), format(perClass[k]));
            }
        }
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.4f", value);
    }
}
