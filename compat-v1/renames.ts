/**
 * The TF1 -> TF2 name table: one row per v1 symbol that `tf_upgrade_v2` maps to a different v2
 * symbol (TensorFlow's `renames_v2.py` + `all_renames_v2.py`), or whose keyword arguments it
 * renames (`function_keyword_renames`, with the v1 positional order from `reorders_v2.py`).
 *
 * Two consumers:
 *   - `compat-v1/aliases.ts` builds `tf.compat.v1.<v1>` from each row (a plain alias when only the
 *     name moved; a wrapper that maps v1 positional/keyword arguments onto the v2 function otherwise);
 *   - the `tf-migrate` codemod rewrites `tf.<v1>(...)` calls into `tf.<v2>(...)` with the same rows.
 *
 * Paths are relative to `tf` ("log", "nn.softmax_cross_entropy_with_logits_v2", "train.Server").
 * Rows whose v2 name is `compat.v1.X` are in `COMPAT_V1_ONLY` below instead: TF2 has no non-compat
 * home for them, and this package implements them in `compat-v1/` directly.
 */

export interface RenameRow {
  /** The TF1 name, relative to `tf`. */
  readonly v1: string;
  /** The TF2 name, relative to `tf`. */
  readonly v2: string;
  /**
   * The v1 function's parameters in TF1's positional order. Needed where the order or the names
   * differ from v2; absent for plain renames (arguments pass through unchanged).
   */
  readonly args?: readonly string[];
  /** v1 keyword -> v2 keyword; `null` = the argument was removed in TF2 (accepted, ignored). */
  readonly kwargs?: Readonly<Record<string, string | null>>;
  /** How many leading v2 parameters the v2 function takes positionally; the rest go in one options object. Default 1. */
  readonly v2Positional?: number;
  /** TF1 refused positional arguments (the `_sentinel` functions): call with keywords only. */
  readonly keywordOnly?: boolean;
}

const REDUCE_ARGS = ["input_tensor", "axis", "keepdims", "name", "reduction_indices", "keep_dims"] as const;
const REDUCE_KW = { reduction_indices: "axis", keep_dims: "keepdims" } as const;
const ARGMAX_ARGS = ["input", "axis", "name", "dimension", "output_type"] as const;
const SOFTMAX_ARGS = ["logits", "axis", "name", "dim"] as const;

/** Plain renames: same arguments, new name. */
const PLAIN: ReadonlyArray<readonly [string, string]> = [
  // ---- math
  ["accumulate_n", "math.accumulate_n"], ["angle", "math.angle"], ["betainc", "math.betainc"],
  ["ceil", "math.ceil"], ["conj", "math.conj"], ["cumprod", "math.cumprod"], ["digamma", "math.digamma"],
  ["div_no_nan", "math.divide_no_nan"], ["erf", "math.erf"], ["erfc", "math.erfc"], ["expm1", "math.expm1"],
  ["floordiv", "math.floordiv"], ["floor_div", "math.floordiv"], ["floormod", "math.floormod"], ["mod", "math.floormod"],
  ["igamma", "math.igamma"], ["igammac", "math.igammac"], ["imag", "math.imag"], ["real", "math.real"],
  ["invert_permutation", "math.invert_permutation"], ["is_finite", "math.is_finite"], ["is_inf", "math.is_inf"],
  ["is_nan", "math.is_nan"], ["is_non_decreasing", "math.is_non_decreasing"],
  ["is_strictly_increasing", "math.is_strictly_increasing"], ["debugging.is_finite", "math.is_finite"],
  ["debugging.is_inf", "math.is_inf"], ["debugging.is_nan", "math.is_nan"],
  ["debugging.is_non_decreasing", "math.is_non_decreasing"], ["debugging.is_strictly_increasing", "math.is_strictly_increasing"],
  ["lbeta", "math.lbeta"], ["lgamma", "math.lgamma"], ["log", "math.log"], ["log1p", "math.log1p"],
  ["log_sigmoid", "math.log_sigmoid"], ["logical_xor", "math.logical_xor"], ["polygamma", "math.polygamma"],
  ["reciprocal", "math.reciprocal"], ["rint", "math.rint"], ["rsqrt", "math.rsqrt"], ["zeta", "math.zeta"],
  ["squared_difference", "math.squared_difference"], ["bincount", "math.bincount"],
  ["confusion_matrix", "math.confusion_matrix"], ["train.confusion_matrix", "math.confusion_matrix"],
  ["segment_max", "math.segment_max"], ["segment_mean", "math.segment_mean"], ["segment_min", "math.segment_min"],
  ["segment_prod", "math.segment_prod"], ["segment_sum", "math.segment_sum"],
  ["unsorted_segment_max", "math.unsorted_segment_max"], ["unsorted_segment_mean", "math.unsorted_segment_mean"],
  ["unsorted_segment_min", "math.unsorted_segment_min"], ["unsorted_segment_prod", "math.unsorted_segment_prod"],
  ["unsorted_segment_sqrt_n", "math.unsorted_segment_sqrt_n"], ["unsorted_segment_sum", "math.unsorted_segment_sum"],
  // ---- linalg
  ["cholesky", "linalg.cholesky"], ["cholesky_solve", "linalg.cholesky_solve"], ["cross", "linalg.cross"],
  ["diag", "linalg.tensor_diag"], ["diag_part", "linalg.tensor_diag_part"], ["global_norm", "linalg.global_norm"],
  ["linalg.transpose", "linalg.matrix_transpose"], ["matrix_band_part", "linalg.band_part"],
  ["matrix_determinant", "linalg.det"], ["matrix_diag", "linalg.diag"], ["matrix_diag_part", "linalg.diag_part"],
  ["matrix_inverse", "linalg.inv"], ["matrix_set_diag", "linalg.set_diag"], ["matrix_solve", "linalg.solve"],
  ["matrix_solve_ls", "linalg.lstsq"], ["matrix_transpose", "linalg.matrix_transpose"],
  ["matrix_triangular_solve", "linalg.triangular_solve"], ["qr", "linalg.qr"], ["self_adjoint_eig", "linalg.eigh"],
  ["self_adjoint_eigvals", "linalg.eigvalsh"], ["svd", "linalg.svd"], ["trace", "linalg.trace"],
  ["sparse_matmul", "linalg.matmul"],
  // ---- random
  ["random_normal", "random.normal"], ["random_uniform", "random.uniform"], ["truncated_normal", "random.truncated_normal"],
  ["random_shuffle", "random.shuffle"], ["random_gamma", "random.gamma"], ["random_crop", "image.random_crop"],
  ["nn.log_uniform_candidate_sampler", "random.log_uniform_candidate_sampler"],
  ["nn.uniform_candidate_sampler", "random.uniform_candidate_sampler"],
  // ---- array / manip
  ["lin_space", "linspace"], ["reverse_v2", "reverse"], ["manip.reshape", "reshape"], ["manip.reverse", "reverse"],
  ["manip.roll", "roll"], ["manip.scatter_nd", "scatter_nd"], ["manip.space_to_batch_nd", "space_to_batch_nd"],
  ["manip.tile", "tile"], ["tensor_scatter_add", "tensor_scatter_nd_add"], ["tensor_scatter_sub", "tensor_scatter_nd_sub"],
  ["tensor_scatter_update", "tensor_scatter_nd_update"], ["NoGradient", "no_gradient"], ["NotDifferentiable", "no_gradient"],
  ["OpError", "errors.OpError"],
  // ---- nn
  ["nn.avg_pool_v2", "nn.avg_pool"], ["nn.max_pool_v2", "nn.max_pool"],
  ["nn.ctc_beam_search_decoder_v2", "nn.ctc_beam_search_decoder"],
  ["nn.depthwise_conv2d_native_backprop_filter", "nn.depthwise_conv2d_backprop_filter"],
  ["nn.depthwise_conv2d_native_backprop_input", "nn.depthwise_conv2d_backprop_input"],
  // ---- signal / image / debugging / quantization
  ["fft", "signal.fft"], ["fft2d", "signal.fft2d"], ["fft3d", "signal.fft3d"], ["ifft", "signal.ifft"],
  ["ifft2d", "signal.ifft2d"], ["ifft3d", "signal.ifft3d"], ["spectral.dct", "signal.dct"], ["spectral.idct", "signal.idct"],
  ["spectral.fft", "signal.fft"], ["spectral.ifft", "signal.ifft"], ["spectral.rfft", "signal.rfft"], ["spectral.irfft", "signal.irfft"],
  ["image.resize_image_with_crop_or_pad", "image.resize_with_crop_or_pad"], ["image.transpose_image", "image.transpose"],
  ["extract_image_patches", "image.extract_patches"], ["image.extract_image_patches", "image.extract_patches"],
  ["check_numerics", "debugging.check_numerics"], ["assert_proper_iterable", "debugging.assert_proper_iterable"],
  ["assert_same_float_dtype", "debugging.assert_same_float_dtype"], ["is_numeric_tensor", "debugging.is_numeric_tensor"],
  ["dequantize", "quantization.dequantize"], ["quantize", "quantization.quantize"], ["quantize_v2", "quantization.quantize"],
  ["quantized_concat", "quantization.quantized_concat"],
  // ---- strings / io / sets / queues
  ["dtypes.as_string", "strings.as_string"], ["regex_replace", "strings.regex_replace"], ["string_join", "strings.join"],
  ["string_strip", "strings.strip"], ["string_to_hash_bucket_fast", "strings.to_hash_bucket_fast"],
  ["string_to_hash_bucket_strong", "strings.to_hash_bucket_strong"], ["substr", "strings.substr"],
  ["decode_base64", "io.decode_base64"], ["encode_base64", "io.encode_base64"], ["decode_compressed", "io.decode_compressed"],
  ["decode_json_example", "io.decode_json_example"], ["decode_raw", "io.decode_raw"], ["decode_csv", "io.decode_csv"],
  ["parse_example", "io.parse_example"], ["parse_single_example", "io.parse_single_example"],
  ["parse_single_sequence_example", "io.parse_single_sequence_example"], ["parse_tensor", "io.parse_tensor"],
  ["serialize_tensor", "io.serialize_tensor"], ["deserialize_many_sparse", "io.deserialize_many_sparse"],
  ["read_file", "io.read_file"], ["write_file", "io.write_file"], ["matching_files", "io.matching_files"],
  ["train.match_filenames_once", "io.match_filenames_once"], ["train.write_graph", "io.write_graph"],
  ["FixedLenFeature", "io.FixedLenFeature"], ["FixedLenSequenceFeature", "io.FixedLenSequenceFeature"],
  ["SparseFeature", "io.SparseFeature"], ["VarLenFeature", "io.VarLenFeature"],
  ["python_io.TFRecordOptions", "io.TFRecordOptions"], ["python_io.TFRecordWriter", "io.TFRecordWriter"],
  ["gfile.Copy", "io.gfile.copy"], ["gfile.DeleteRecursively", "io.gfile.rmtree"], ["gfile.Exists", "io.gfile.exists"],
  ["gfile.Glob", "io.gfile.glob"], ["gfile.GFile", "io.gfile.GFile"], ["gfile.Open", "io.gfile.GFile"],
  ["gfile.IsDirectory", "io.gfile.isdir"], ["gfile.ListDirectory", "io.gfile.listdir"], ["gfile.MakeDirs", "io.gfile.makedirs"],
  ["gfile.MkDir", "io.gfile.mkdir"], ["gfile.Remove", "io.gfile.remove"], ["gfile.Rename", "io.gfile.rename"],
  ["gfile.Stat", "io.gfile.stat"], ["gfile.Walk", "io.gfile.walk"],
  ["sets.set_difference", "sets.difference"], ["sets.set_intersection", "sets.intersection"],
  ["sets.set_size", "sets.size"], ["sets.set_union", "sets.union"],
  ["FIFOQueue", "queue.FIFOQueue"], ["PaddingFIFOQueue", "queue.PaddingFIFOQueue"], ["PriorityQueue", "queue.PriorityQueue"],
  ["QueueBase", "queue.QueueBase"], ["RandomShuffleQueue", "queue.RandomShuffleQueue"],
  // ---- versions, keras
  ["VERSION", "version.VERSION"], ["GIT_VERSION", "version.GIT_VERSION"], ["COMPILER_VERSION", "version.COMPILER_VERSION"],
  ["keras.losses.cosine", "keras.losses.cosine_similarity"], ["keras.losses.cosine_proximity", "keras.losses.cosine_similarity"],
  ["keras.metrics.cosine", "keras.losses.cosine_similarity"], ["keras.metrics.cosine_proximity", "keras.losses.cosine_similarity"],
  ["layers.InputSpec", "keras.layers.InputSpec"],
];

function reduceRows<N extends string>(n: N) {
  return [
    { v1: n, v2: n, args: REDUCE_ARGS, kwargs: REDUCE_KW },
    { v1: `math.${n}` as `math.${N}`, v2: `math.${n}`, args: REDUCE_ARGS, kwargs: REDUCE_KW },
  ] as const;
}

/** Renames whose arguments changed too (names and/or positional order). */
const WITH_ARGS = [
  // reductions: keep_dims -> keepdims, reduction_indices -> axis
  ...reduceRows("reduce_sum"), ...reduceRows("reduce_mean"), ...reduceRows("reduce_max"), ...reduceRows("reduce_min"),
  ...reduceRows("reduce_prod"), ...reduceRows("reduce_all"), ...reduceRows("reduce_any"), ...reduceRows("reduce_logsumexp"),
  {
    v1: "count_nonzero", v2: "math.count_nonzero",
    args: ["input_tensor", "axis", "keepdims", "dtype", "name", "reduction_indices", "keep_dims", "input"],
    kwargs: { input_tensor: "input", reduction_indices: "axis", keep_dims: "keepdims" },
  },
  { v1: "argmax", v2: "argmax", args: ARGMAX_ARGS, kwargs: { dimension: "axis" } },
  { v1: "argmin", v2: "argmin", args: ARGMAX_ARGS, kwargs: { dimension: "axis" } },
  { v1: "arg_max", v2: "argmax", args: ARGMAX_ARGS, kwargs: { dimension: "axis" } },
  { v1: "arg_min", v2: "argmin", args: ARGMAX_ARGS, kwargs: { dimension: "axis" } },
  { v1: "math.argmax", v2: "math.argmax", args: ARGMAX_ARGS, kwargs: { dimension: "axis" } },
  { v1: "math.argmin", v2: "math.argmin", args: ARGMAX_ARGS, kwargs: { dimension: "axis" } },
  { v1: "expand_dims", v2: "expand_dims", args: ["input", "axis", "name", "dim"], kwargs: { dim: "axis" } },
  { v1: "squeeze", v2: "squeeze", args: ["input", "axis", "name", "squeeze_dims"], kwargs: { squeeze_dims: "axis" } },
  { v1: "zeros_like", v2: "zeros_like", args: ["tensor", "dtype", "name", "optimize"], kwargs: { tensor: "input", optimize: null } },
  { v1: "ones_like", v2: "ones_like", args: ["tensor", "dtype", "name", "optimize"], kwargs: { tensor: "input", optimize: null } },
  {
    v1: "convert_to_tensor", v2: "convert_to_tensor",
    args: ["value", "dtype", "name", "preferred_dtype", "dtype_hint"], kwargs: { preferred_dtype: "dtype_hint" },
  },
  { v1: "transpose", v2: "transpose", args: ["a", "perm", "name", "conjugate"] },
  { v1: "shape", v2: "shape", args: ["input", "name", "out_type"] },
  { v1: "size", v2: "size", args: ["input", "name", "out_type"] },
  { v1: "pad", v2: "pad", args: ["tensor", "paddings", "mode", "name", "constant_values"], v2Positional: 2 },
  { v1: "boolean_mask", v2: "boolean_mask", args: ["tensor", "mask", "name", "axis"], v2Positional: 2 },
  { v1: "gather_nd", v2: "gather_nd", args: ["params", "indices", "name", "batch_dims"], v2Positional: 2 },
  { v1: "manip.gather_nd", v2: "gather_nd", args: ["params", "indices", "name", "batch_dims"], v2Positional: 2 },
  {
    v1: "reverse_sequence", v2: "reverse_sequence",
    args: ["input", "seq_lengths", "seq_axis", "batch_axis", "name", "seq_dim", "batch_dim"],
    kwargs: { seq_dim: "seq_axis", batch_dim: "batch_axis" }, v2Positional: 2,
  },
  {
    v1: "batch_to_space", v2: "batch_to_space", args: ["input", "crops", "block_size", "name", "block_shape"],
    kwargs: { block_size: "block_shape" },
  },
  {
    v1: "batch_to_space_nd", v2: "batch_to_space", args: ["input", "block_shape", "crops", "name"],
  },
  {
    v1: "space_to_batch", v2: "space_to_batch", args: ["input", "paddings", "block_size", "name", "block_shape"],
    kwargs: { block_size: "block_shape" },
  },
  { v1: "space_to_batch_nd", v2: "space_to_batch", args: ["input", "block_shape", "paddings", "name"] },
  { v1: "norm", v2: "norm", args: ["tensor", "ord", "axis", "keepdims", "name", "keep_dims"], kwargs: { keep_dims: "keepdims" } },
  {
    v1: "linalg.norm", v2: "linalg.norm", args: ["tensor", "ord", "axis", "keepdims", "name", "keep_dims"],
    kwargs: { keep_dims: "keepdims" },
  },
  {
    v1: "multinomial", v2: "random.categorical", args: ["logits", "num_samples", "seed", "name", "output_dtype"],
    kwargs: { output_dtype: "dtype" }, v2Positional: 2,
  },
  {
    v1: "random.multinomial", v2: "random.categorical", args: ["logits", "num_samples", "seed", "name", "output_dtype"],
    kwargs: { output_dtype: "dtype" }, v2Positional: 2,
  },
  {
    v1: "random.stateless_multinomial", v2: "random.stateless_categorical",
    args: ["logits", "num_samples", "seed", "output_dtype", "name"], kwargs: { output_dtype: "dtype" }, v2Positional: 3,
  },
  { v1: "random_poisson", v2: "random.poisson", args: ["lam", "shape", "dtype", "seed", "name"] , v2Positional: 0 },
  {
    v1: "cond", v2: "cond", args: ["pred", "true_fn", "false_fn", "strict", "name", "fn1", "fn2"],
    kwargs: { strict: null, fn1: "true_fn", fn2: "false_fn" },
  },
  {
    v1: "while_loop", v2: "while_loop",
    args: ["cond", "body", "loop_vars", "shape_invariants", "parallel_iterations", "back_prop", "swap_memory", "name",
      "maximum_iterations", "return_same_structure"],
    kwargs: { return_same_structure: null }, v2Positional: 3,
  },
  {
    v1: "image.resize_images", v2: "image.resize",
    args: ["images", "size", "method", "align_corners", "preserve_aspect_ratio", "name"],
    kwargs: { align_corners: null }, v2Positional: 2,
  },
  {
    v1: "image.crop_and_resize", v2: "image.crop_and_resize",
    args: ["image", "boxes", "box_ind", "crop_size", "method", "extrapolation_value", "name", "box_indices"],
    kwargs: { box_ind: "box_indices" },
  },
  // ---- nn
  { v1: "nn.softmax", v2: "nn.softmax", args: SOFTMAX_ARGS, kwargs: { dim: "axis" } },
  { v1: "math.softmax", v2: "math.softmax", args: SOFTMAX_ARGS, kwargs: { dim: "axis" } },
  { v1: "nn.log_softmax", v2: "nn.log_softmax", args: SOFTMAX_ARGS, kwargs: { dim: "axis" } },
  { v1: "math.log_softmax", v2: "math.log_softmax", args: SOFTMAX_ARGS, kwargs: { dim: "axis" } },
  { v1: "nn.l2_normalize", v2: "nn.l2_normalize", args: ["x", "axis", "epsilon", "name", "dim"], kwargs: { dim: "axis" } },
  { v1: "math.l2_normalize", v2: "math.l2_normalize", args: ["x", "axis", "epsilon", "name", "dim"], kwargs: { dim: "axis" } },
  {
    v1: "nn.softmax_cross_entropy_with_logits", v2: "nn.softmax_cross_entropy_with_logits",
    args: ["_sentinel", "labels", "logits", "dim", "name", "axis"], kwargs: { dim: "axis", _sentinel: null },
    keywordOnly: true, v2Positional: 0,
  },
  {
    v1: "nn.softmax_cross_entropy_with_logits_v2", v2: "nn.softmax_cross_entropy_with_logits",
    args: ["_sentinel", "labels", "logits", "dim", "name", "axis"], kwargs: { dim: "axis", _sentinel: null },
    keywordOnly: true, v2Positional: 0,
  },
  {
    v1: "nn.sparse_softmax_cross_entropy_with_logits", v2: "nn.sparse_softmax_cross_entropy_with_logits",
    args: ["_sentinel", "labels", "logits", "name"], kwargs: { _sentinel: null }, keywordOnly: true, v2Positional: 0,
  },
  {
    v1: "nn.sigmoid_cross_entropy_with_logits", v2: "nn.sigmoid_cross_entropy_with_logits",
    args: ["_sentinel", "labels", "logits", "name"], kwargs: { _sentinel: null }, keywordOnly: true, v2Positional: 0,
  },
  {
    v1: "nn.weighted_cross_entropy_with_logits", v2: "nn.weighted_cross_entropy_with_logits",
    args: ["targets", "logits", "pos_weight", "name", "labels"], kwargs: { targets: "labels" }, v2Positional: 0,
  },
  {
    v1: "nn.max_pool", v2: "nn.max_pool2d", args: ["value", "ksize", "strides", "padding", "data_format", "name", "input"],
    kwargs: { value: "input" }, v2Positional: 4,
  },
  {
    v1: "nn.avg_pool", v2: "nn.avg_pool2d", args: ["value", "ksize", "strides", "padding", "data_format", "name", "input"],
    kwargs: { value: "input" }, v2Positional: 4,
  },
  {
    v1: "nn.avg_pool2d", v2: "nn.avg_pool2d", args: ["value", "ksize", "strides", "padding", "data_format", "name", "input"],
    kwargs: { value: "input" }, v2Positional: 4,
  },
  {
    v1: "nn.conv1d", v2: "nn.conv1d",
    args: ["value", "filters", "stride", "padding", "use_cudnn_on_gpu", "data_format", "name", "input", "dilations"],
    kwargs: { value: "input", use_cudnn_on_gpu: null }, v2Positional: 4,
  },
  {
    v1: "nn.conv2d", v2: "nn.conv2d",
    args: ["input", "filter", "strides", "padding", "use_cudnn_on_gpu", "data_format", "dilations", "name", "filters"],
    kwargs: { filter: "filters", use_cudnn_on_gpu: null }, v2Positional: 4,
  },
  {
    v1: "nn.conv2d_transpose", v2: "nn.conv2d_transpose",
    args: ["value", "filter", "output_shape", "strides", "padding", "data_format", "name", "input", "filters", "dilations"],
    kwargs: { value: "input", filter: "filters" }, v2Positional: 4,
  },
  {
    v1: "nn.conv2d_backprop_input", v2: "nn.conv2d_transpose",
    args: ["input_sizes", "filter", "out_backprop", "strides", "padding", "use_cudnn_on_gpu", "data_format", "dilations", "name", "filters"],
    kwargs: { input_sizes: "output_shape", out_backprop: "input", filter: "filters", use_cudnn_on_gpu: null }, v2Positional: 0,
  },
  {
    v1: "nn.conv3d", v2: "nn.conv3d", args: ["input", "filter", "strides", "padding", "data_format", "dilations", "name", "filters"],
    kwargs: { filter: "filters" }, v2Positional: 4,
  },
  {
    v1: "nn.convolution", v2: "nn.convolution",
    args: ["input", "filter", "padding", "strides", "dilation_rate", "name", "data_format", "filters", "dilations"],
    kwargs: { filter: "filters", dilation_rate: "dilations" }, v2Positional: 2,
  },
  {
    v1: "nn.depthwise_conv2d", v2: "nn.depthwise_conv2d",
    args: ["input", "filter", "strides", "padding", "rate", "name", "data_format", "dilations"],
    kwargs: { rate: "dilations" }, v2Positional: 4,
  },
  {
    v1: "nn.separable_conv2d", v2: "nn.separable_conv2d",
    args: ["input", "depthwise_filter", "pointwise_filter", "strides", "padding", "rate", "name", "data_format", "dilations"],
    kwargs: { rate: "dilations" }, v2Positional: 5,
  },
  {
    v1: "nn.pool", v2: "nn.pool",
    args: ["input", "window_shape", "pooling_type", "padding", "dilation_rate", "strides", "name", "data_format", "dilations"],
    kwargs: { dilation_rate: "dilations" }, v2Positional: 4,
  },
  {
    v1: "nn.moments", v2: "nn.moments", args: ["x", "axes", "shift", "name", "keep_dims", "keepdims"],
    kwargs: { keep_dims: "keepdims" }, v2Positional: 2,
  },
  {
    v1: "nn.weighted_moments", v2: "nn.weighted_moments",
    args: ["x", "axes", "frequency_weights", "name", "keep_dims", "keepdims"], kwargs: { keep_dims: "keepdims" }, v2Positional: 3,
  },
  {
    v1: "nn.sufficient_statistics", v2: "nn.sufficient_statistics",
    args: ["x", "axes", "shift", "keep_dims", "name", "keepdims"], kwargs: { keep_dims: "keepdims" }, v2Positional: 2,
  },
  { v1: "nn.crelu", v2: "nn.crelu", args: ["features", "name", "axis"] },
  {
    v1: "nn.embedding_lookup", v2: "nn.embedding_lookup",
    args: ["params", "ids", "partition_strategy", "name", "validate_indices", "max_norm"],
    kwargs: { partition_strategy: null, validate_indices: null }, v2Positional: 2,
  },
  {
    v1: "nn.batch_norm_with_global_normalization", v2: "nn.batch_norm_with_global_normalization",
    args: ["t", "m", "v", "beta", "gamma", "variance_epsilon", "scale_after_normalization", "name", "input", "mean", "variance"],
    kwargs: { t: "input", m: "mean", v: "variance" }, v2Positional: 0,
  },
  { v1: "nn.space_to_batch", v2: "space_to_batch", args: ["input", "paddings", "block_size", "name", "block_shape"], kwargs: { block_size: "block_shape" } },
  { v1: "nn.space_to_depth", v2: "nn.space_to_depth", args: ["input", "block_size", "name", "data_format"], v2Positional: 2 },
  { v1: "nn.depth_to_space", v2: "nn.depth_to_space", args: ["input", "block_size", "name", "data_format"], v2Positional: 2 },
  { v1: "nn.in_top_k", v2: "math.in_top_k", args: ["predictions", "targets", "k", "name"], v2Positional: 0 },
  { v1: "math.in_top_k", v2: "math.in_top_k", args: ["predictions", "targets", "k", "name"], v2Positional: 0 },
] as const satisfies readonly RenameRow[];

/** The v1 names (paths) whose arguments differ from their v2 counterpart's. */
export type ArgRenamedV1 = (typeof WITH_ARGS)[number]["v1"];

/** Every row, plain renames first. */
export const RENAMES: readonly RenameRow[] = [
  ...PLAIN.map(([v1, v2]) => ({ v1, v2 })),
  ...WITH_ARGS,
];

/** Rows keyed by v1 name. */
export const RENAMES_BY_V1: ReadonlyMap<string, RenameRow> = new Map(RENAMES.map((r) => [r.v1, r]));

/**
 * v1 symbols that `tf_upgrade_v2` maps to `tf.compat.v1.<same name>` and that this package
 * implements in `compat-v1/` (the codemod rewrites `tf.Session` to `tf.compat.v1.Session`, etc.).
 */
export const COMPAT_V1_ONLY: readonly string[] = [
  "AUTO_REUSE", "GraphKeys", "InteractiveSession", "Session", "Print", "add_to_collection", "add_to_collections",
  "all_variables", "assign", "assign_add", "assign_sub", "disable_eager_execution", "disable_v2_behavior", "div",
  "enable_eager_execution", "enable_v2_behavior", "get_collection", "get_collection_ref", "get_default_graph",
  "get_default_session", "get_variable", "get_variable_scope", "global_variables", "global_variables_initializer",
  "gradients", "initialize_all_variables", "initialize_local_variables", "initialize_variables", "is_variable_initialized",
  "local_variables", "local_variables_initializer", "placeholder", "placeholder_with_default",
  "report_uninitialized_variables", "reset_default_graph", "set_random_seed", "random.set_random_seed",
  "to_double", "to_float", "to_int32", "to_int64", "trainable_variables", "variable_scope",
  "variables_initializer", "where", "executing_eagerly_outside_functions", "layers.dense", "layers.dropout",
  "layers.flatten", "nn.dropout", "nn.xw_plus_b", "nn.relu_layer",
  "losses.absolute_difference", "losses.compute_weighted_loss", "losses.hinge_loss", "losses.huber_loss", "losses.log_loss",
  "losses.mean_squared_error", "losses.sigmoid_cross_entropy", "losses.softmax_cross_entropy",
  "losses.sparse_softmax_cross_entropy", "losses.Reduction", "losses.get_losses", "losses.get_total_loss", "losses.add_loss",
  "zeros_initializer", "ones_initializer", "constant_initializer", "random_normal_initializer", "random_uniform_initializer",
  "truncated_normal_initializer", "glorot_uniform_initializer", "glorot_normal_initializer", "variance_scaling_initializer",
  "initializers.zeros", "initializers.ones", "initializers.constant", "initializers.random_normal",
  "initializers.random_uniform", "initializers.truncated_normal", "initializers.glorot_uniform",
  "initializers.glorot_normal", "initializers.variance_scaling", "initializers.global_variables",
  "initializers.local_variables", "initializers.variables",
  "train.GradientDescentOptimizer", "train.MomentumOptimizer", "train.AdamOptimizer", "train.RMSPropOptimizer",
  "train.AdagradOptimizer", "train.AdadeltaOptimizer", "train.Optimizer", "train.exponential_decay",
  "train.get_global_step", "train.get_or_create_global_step", "train.create_global_step", "train.global_step",
];

/**
 * Keyword renames for v1 methods the codemod meets on objects (`*.minimize`, `*.compute_gradients`):
 * TF2 removed `colocate_gradients_with_ops`.
 */
export const METHOD_KWARGS: Readonly<Record<string, Readonly<Record<string, string | null>>>> = {
  minimize: { colocate_gradients_with_ops: null },
  compute_gradients: { colocate_gradients_with_ops: null },
};
