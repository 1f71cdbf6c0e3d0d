package dev.annogan.core.annotate;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What both annotator translators share: inputs become network images through an {@link
 * ImagePreparation}, and the original sizes wait in the context, in input order, for the outputs
 * that need them. A queue rather than one attachment because DJL prepares a whole batch through one
 * context before the first output is processed.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
abstract class ImageAnnotatorTranslator<I, O> implements Translator<I, O> {

    private static final String SIZES = "annogan.originalSizes";

    /** The annotator's description. */
    protected final AnnotatorSpec spec;

    private final ImagePreparation<I> preparation;

    ImageAnnotatorTranslator(AnnotatorSpec spec, ImagePreparation<I> preparation) {
        this.spec = spec;
        this.preparation = preparation;
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, I input) throws Exception {
        PreparedImage prepared = preparation.prepare(ctx.getNDManager(), input);
        sizes(ctx).addLast(new int[] {prepared.width(), prepared.height()});
        return new NDList(prepared.pixels());
    }

    /** Returns the original {@code {width, height}} of the next output's input. */
    protected int[] nextOriginalSize(TranslatorContext ctx) {
        Deque<int[]> sizes = sizes(ctx);
        if (sizes.isEmpty()) {
            throw new IllegalStateException("an output arrived without its input");
        }
        return sizes.removeFirst();
    }

    @SuppressWarnings("unchecked")
    private static Deque<int[]> sizes(TranslatorContext ctx) {
        Object sizes = ctx.getAttachment(SIZES);
        if (sizes == null) {
            sizes = new ArrayDeque<int[]>();
            ctx.setAttachment(SIZES, sizes);
        }
        return (Deque<int[]>) sizes;
    }
}
