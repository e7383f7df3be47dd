package io.hone.train;

import io.hone.core.chat.ChatTemplate;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.model.PretrainedModel;
import io.hone.core.quant.ConvertModel;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.WeightFormat;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.merge.AdapterMerge;

import java.nio.file.Path;

/**
 * The one way a command opens a Hugging Face model folder: weights ({@link ModelLoader}) in an inference format
 * (null: FP32 as loaded; BF16, INT8, or 4-bit as QLoRA quantizes its base), a PEFT adapter folder (optional) folded
 * into the weights or run live beside them, the tokenizer, and the chat template as {@link Template} asks.
 *
 * <pre>{@code
 * try (PretrainedModel m = ModelOpener.at(dir).format(fmt).adapter(adapterDir, AdapterUse.LIVE).open()) { ... }
 * }</pre>
 */
public final class ModelOpener {
    /** How an adapter joins the base weights. */
    public enum AdapterUse {
        /**
         * Folded into copies of the adapted weights ({@link AdapterMerge#fold}): the unmerged adapter's outputs in eval
         * mode at the base's speed (unmerged DoRA would recompute ‖W + s·BA‖ at every decoded token). A 4-bit base is
         * dequantized to the FP32 weights QLoRA trained against, then folded; BF16 and INT8 (serving formats) fold into
         * the FP32 weights and convert the merged ones.
         */
        FOLDED,
        /** Unmerged ({@link PeftAdapter#load}): the adapter's weights beside the base's, sharing the base tensors. */
        LIVE
    }

    /** Whether the chat template is read. */
    public enum Template {
        /** Not read (completion prompts only, or a caller that never renders chat). */
        SKIP,
        /** Read when the folder has one (a broken one is an error); null for a base model without one. */
        IF_PRESENT,
        /** The folder must have one: one line naming the folder otherwise. */
        REQUIRED
    }

    private final Path dir;
    private WeightFormat format;
    private Path adapter;
    private AdapterUse adapterUse = AdapterUse.LIVE;
    private Template template = Template.IF_PRESENT;

    private ModelOpener(Path dir) {
        this.dir = dir;
    }

    /** A model folder (config.json, *.safetensors, tokenizer.json): FP32, no adapter, the template if present. */
    public static ModelOpener at(Path dir) {
        return new ModelOpener(dir);
    }

    /** The inference format; null: FP32 as loaded. */
    public ModelOpener format(WeightFormat format) {
        this.format = format;
        return this;
    }

    /** The decoder projections quantized to 4 bits on load, as {@code hone finetune --method qlora}; null: none. */
    public ModelOpener quantizeOnLoad(QuantConfig fourBit) {
        return format(WeightFormat.of(fourBit));
    }

    /** A PEFT adapter folder (null: none), folded or live. */
    public ModelOpener adapter(Path adapterDir, AdapterUse use) {
        this.adapter = adapterDir;
        this.adapterUse = use;
        return this;
    }

    public ModelOpener template(Template template) {
        this.template = template;
        return this;
    }

    /** Model, tokenizer and template; close it to free the tokenizer. */
    public PretrainedModel open() {
        LlamaModel model = loadModel();
        ChatTemplate chat = chatTemplate(); // before the tokenizer: nothing to free when it fails
        return new PretrainedModel(model, Tokenizer.load(dir), chat, id());
    }

    /** The model alone (benchmarks, merges, training): no tokenizer is opened. */
    public LlamaModel loadModel() {
        if (adapter == null) return ModelLoader.load(dir, format);
        if (adapterUse == AdapterUse.LIVE) return live(ModelLoader.load(dir, format), adapter);
        boolean convertMerged = format instanceof WeightFormat.Bf16 || format instanceof WeightFormat.Int8;
        LlamaModel base = ModelLoader.load(dir, convertMerged ? null : format);
        var folded = AdapterMerge.fold(PeftAdapter.load(adapter, base.weights()).weights());
        return new LlamaModel(base.config(), convertMerged ? ConvertModel.convert(folded, format) : folded);
    }

    /** The folder's tokenizer (the caller closes it). */
    public Tokenizer openTokenizer() {
        return Tokenizer.load(dir);
    }

    /** The chat template as {@link #template(Template)} asks: null when skipped or absent. */
    public ChatTemplate chatTemplate() {
        return switch (template) {
            case SKIP -> null;
            case IF_PRESENT -> ChatTemplate.loadIfPresent(dir);
            case REQUIRED -> ChatTemplate.load(dir);
        };
    }

    /** {@code base} with an adapter folder applied unmerged (the server applies several to one base this way). */
    public static LlamaModel live(LlamaModel base, Path adapterDir) {
        return new LlamaModel(base.config(), PeftAdapter.load(adapterDir, base.weights()).weights());
    }

    /** The folder, its format and its adapter: {@code /abs/model@nf4-dq-b64+/abs/adapter}. */
    public String id() {
        return dir.toAbsolutePath().normalize() + (format == null ? "" : "@" + format.describe())
                + (adapter == null ? "" : "+" + adapter.toAbsolutePath().normalize());
    }
}
