package dev.annogan.training.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CutMix of a batch with itself (Yun et al. 2019; for segmentation French et al. 2020): image
 * {@code i} takes a random box from image {@code partner[i]}, and every map aligned with the images
 * (a class mask, the teacher's pseudo-labels, their confidence weights) takes the same box from the
 * same partner, so a pixel's label still describes the pixel. A network then learns from images it
 * has never seen whole, with targets that stay exact.
 *
 * <p>Each box covers a fraction of the image drawn uniformly from {@code [minArea, maxArea]}, with
 * an aspect ratio between 1:2 and 2:1, placed uniformly inside the image. Partners are a random
 * permutation of the batch (an image may draw itself, which leaves it unchanged). Everything is
 * drawn from the {@link SplittableRandom} handed in and computed on the host.
 */
public final class CutMix {

    private final float minArea;
    private final float maxArea;

    /**
     * Creates the mix.
     *
     * @param minArea the smallest fraction of an image the box covers, in {@code (0, 1]}
     * @param maxArea the largest, at least {@code minArea} and at most 1
     */
    public CutMix(float minArea, float maxArea) {
        if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) {
            throw new IllegalArgumentException(
                    "CutMix: need 0 < minArea <= maxArea <= 1, got " + minArea + ", " + maxArea);
        }
        this.minArea = minArea;
        this.maxArea = maxArea;
    }

    /**
     * One image's box and the image it is cut from.
     *
     * @param partner the index of the image the box comes from
     * @param y0 the box's first row
     * @param y1 one past its last row
     * @param x0 its first column
     * @param x1 one past its last column
     */
    public record Box(int partner, int y0, int y1, int x0, int x1) {

        /** Returns whether pixel {@code (y, x)} is inside the box. */
        boolean contains(int y, int x) {
            return y >= y0 && y < y1 && x >= x0 && x < x1;
        }
    }

    /**
     * Draws the partners and boxes of a batch.
     *
     * @param n images in the batch
     * @param height their height
     * @param width their width
     * @param random the source of every choice
     * @return one box per image
     */
    public Box[] draw(int n, int height, int width, SplittableRandom random) {
        int[] partners = new int[n];
        for (int i = 0; i < n; i++) {
            partners[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = partners[i];
            partners[i] = partners[j];
            partners[j] = t;
        }
        Box[] boxes = new Box[n];
        for (int i = 0; i < n; i++) {
            double area = minArea + (maxArea - minArea) * random.nextDouble();
            double ratio = Math.exp(Math.log(0.5) + Math.log(4) * random.nextDouble());
            int h = clamp((int) Math.round(height * Math.sqrt(area / ratio)), 1, height);
            int w = clamp((int) Math.round(width * Math.sqrt(area * ratio)), 1, width);
            int y0 = random.nextInt(height - h + 1);
            int x0 = random.nextInt(width - w + 1);
            boxes[i] = new Box(partners[i], y0, y0 + h, x0, x0 + w);
        }
        return boxes;
    }

    /**
     * Returns the images and maps mixed by newly drawn boxes.
     *
     * @param images {@code (N, C, H, W)}
     * @param maps arrays whose first axis is N and last two {@code (H, W)}, any numeric type
     * @param random the source of every choice
     * @return the mixed images, then the mixed maps in order, in the images' manager
     */
    public NDList apply(NDArray images, List<NDArray> maps, SplittableRandom random) {
        Shape shape = images.getShape();
        int n = Math.toIntExact(shape.get(0));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        return apply(images, maps, draw(n, height, width, random));
    }

    /**
     * Returns the images and maps mixed by the given boxes.
     *
     * @param images {@code (N, C, H, W)}
     * @param maps arrays whose first axis is N and last two {@code (H, W)}
     * @param boxes one per image
     * @return the mixed images, then the mixed maps in order, in the images' manager
     */
    public static NDList apply(NDArray images, List<NDArray> maps, Box[] boxes) {
        NDManager manager = images.getManager();
        NDList out = new NDList(1 + maps.size());
        out.add(mix(images, boxes, manager));
        for (NDArray map : maps) {
            out.add(mix(map, boxes, manager));
        }
        return out;
    }

    private static NDArray mix(NDArray array, Box[] boxes, NDManager manager) {
        Shape shape = array.getShape();
        int dims = shape.dimension();
        int height = Math.toIntExact(shape.get(dims - 2));
        int width = Math.toIntExact(shape.get(dims - 1));
        int plane = height * width;
        int planesPerRow = Math.toIntExact(shape.size() / shape.get(0) / plane);
        if (shape.get(0) != boxes.length) {
            throw new IllegalArgumentException(
                    "CutMix: " + boxes.length + " boxes for an array of shape " + shape);
        }
        float[] in = array.toType(DataType.FLOAT32, false).toFloatArray();
        float[] out = in.clone();
        int rowSize = planesPerRow * plane;
        for (int i = 0; i < boxes.length; i++) {
            Box box = boxes[i];
            for (int p = 0; p < planesPerRow; p++) {
                for (int y = box.y0(); y < box.y1(); y++) {
                    int at = i * rowSize + p * plane + y * width;
                    int from = box.partner() * rowSize + p * plane + y * width;
                    System.arraycopy(in, from + box.x0(), out, at + box.x0(), box.x1() - box.x0());
                }
            }
        }
        NDArray result = manager.create(out, shape);
        return array.getDataType() == DataType.FLOAT32
                ? result
                : result.toType(array.getDataType(), false);
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}
