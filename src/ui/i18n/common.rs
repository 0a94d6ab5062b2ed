//! Interface text shared by the whole page: `(key, English, Chinese)`.
//!
//! Chinese uses the established terms of the field: 损失函数 (loss), 梯度 (gradient),
//! 前景/背景 (foreground/background), 交叉熵 (cross-entropy), 置信度 (confidence),
//! 真阳性/假阳性/假阴性/真阴性 (TP/FP/FN/TN), 平滑项 (smoothing), 对数几率 (logit).

/// The table.
pub const TABLE: super::table::Table = &[
    ("view.scene", "Scene & losses", "场景与损失"),
    ("view.gradients", "Gradient maps", "梯度图"),
    ("view.curves", "Curves", "曲线"),
    ("view.race", "Training race", "训练竞赛"),
    ("view.learn", "Learn", "学习"),
    // header
    ("app.tagline", "Segmentation losses and their gradients on tiny targets", "小目标分割中的损失函数及其梯度"),
    ("app.current_loss", "Current loss", "当前损失函数"),
    ("app.export", "Export case (JSON)", "导出用例 (JSON)"),
    ("app.export.help", "Download the scene and the current loss as a `losslab eval` JSON case", "将场景与当前损失函数下载为 `losslab eval` 的 JSON 用例"),
    ("app.export_failed", "Could not export the case: {error}", "无法导出用例：{error}"),
    ("app.png_scale", "PNG size", "PNG 尺寸"),
    ("app.png_scale.help", "Device pixels per screen pixel of exported PNGs (2× or 3× for slides and print, whatever this screen)", "导出 PNG 时每个屏幕像素对应的设备像素数（幻灯片与印刷用 2× 或 3×，与当前屏幕无关）"),
    ("app.lang", "Language", "语言"),
    ("app.views", "Views", "视图"),
    ("app.skips", "Skip links", "跳转链接"),
    ("app.skip.board", "Skip to the losses", "跳到损失面板"),
    ("app.skip.view", "Skip to the view", "跳到当前视图"),
    ("app.dismiss", "Dismiss", "关闭"),
    ("app.presenter", "Presenter", "演示模式"),
    ("app.presenter.help", "For a projector: larger type, the board reduced to the losses the tour step is about (or the current loss), numbers at 3 significant digits", "用于投影：字号更大，损失面板只显示当前导览步骤涉及的损失函数（或当前损失函数），数字保留 3 位有效数字"),
    ("lang.en", "English", "English"),
    ("lang.zh", "中文", "中文"),
    // the core's errors, by variant (i18n/errors.rs)
    ("error.param_unknown", "`{loss}` has no parameter `{name}`", "`{loss}` 没有参数 `{name}`"),
    ("error.param_invalid", "`{loss}` parameter `{name}` = {value} is invalid: must be {allowed}", "`{loss}` 的参数 `{name}` = {value} 无效：应为 {allowed}"),
    ("error.not_whole", "{label} must be a whole number; got {text}", "{label} 必须是整数；输入为 {text}"),
    ("error.empty_number", "{label}: enter a number ({min} … {max})", "{label}：请输入一个数（{min} … {max}）"),
    ("error.out_of_range", "{label} = {text} is out of range: allowed {min} … {max}", "{label} = {text} 超出范围：允许 {min} … {max}"),
    ("error.not_a_number", "{label} = \"{text}\" is not a number ({min} … {max})", "{label} = “{text}” 不是数字（{min} … {max}）"),
    // number fields
    ("field.reset_to", "Reset to {value} (or Delete on the slider)", "重置为 {value}（或在滑块上按 Delete）"),
    ("field.reset_label", "Reset {label} to {value}", "将 {label} 重置为 {value}"),
    // the loss board
    ("board.label", "Loss board", "损失函数面板"),
    ("board.meta", "Every loss on {pixels} pixels, evaluated in {ms} ms.", "全部损失函数，{pixels} 个像素，计算耗时 {ms} 毫秒。"),
    ("board.meta_grads", "Gradients are with respect to the logit z; “object” and “background” split pixels at y = 0.5.", "梯度是对 logit（对数几率）z 求的；“目标”与“背景”以 y = 0.5 划分像素。"),
    ("board.reset_default", "Reset to the article's default", "重置为原文的默认值"),
    ("board.reset_param", "Reset {name}", "重置 {name}"),
    ("board.balanced", "balanced", "平衡"),
    ("board.balanced_help", "w⁺ = (N − Σy)/Σy, capped at 1e4", "w⁺ = (N − Σy)/Σy，上限 1e4"),
    ("board.none", "none", "无"),
    ("board.none_help", "no weighting: both classes weigh 1 (MONAI's default, alpha=None)", "不加权：两类权重均为 1（MONAI 默认 alpha=None）"),
    ("board.zero_over_zero", "A 0/0 ratio was met (zero smoothing): defined as 0 with zero gradient", "出现 0/0（平滑项为 0）：按定义取 0，梯度为 0"),
    ("board.value_label", "{loss} loss value: {value}", "{loss} 损失值：{value}"),
    ("board.presenter.shown", "Presenter mode: {n} losses shown.", "演示模式：显示 {n} 个损失函数。"),
    ("board.presenter.show_all", "Show all", "显示全部"),
    ("board.grads_help", "Gradient with respect to the logit z", "对 logit z 的梯度"),
    ("board.max_object", "max |∂L/∂z| object", "目标像素 max |∂L/∂z|"),
    ("board.background", "background", "背景"),
    ("board.bg_share", "background share", "背景占比"),
    ("board.detail.bce_dice", "BCE part {bce_part} (BCE {bce}) · Dice part {dice_part} (1 − D = {dice})", "BCE 部分 {bce_part}（BCE {bce}）· Dice 部分 {dice_part}（1 − D = {dice}）"),
    ("board.detail.gdl", "class weights: background w₀ = {w0}, object w₁ = {w1}", "类别权重：背景 w₀ = {w0}，目标 w₁ = {w1}"),
    ("board.detail.sens_spec", "per-pixel weight: target {t} · background {b} · ratio {ratio}", "逐像素权重：目标 {t} · 背景 {b} · 比值 {ratio}"),
    ("board.detail.wce", "balanced w⁺ = (N − Σy)/Σy = {w}", "平衡权重 w⁺ = (N − Σy)/Σy = {w}"),
    // loss titles and one-line conventions
    ("loss.bce.title", "Binary cross-entropy", "二元交叉熵"),
    ("loss.bce.note", "every pixel weighs the same: the background dominates", "每个像素权重相同：背景占主导"),
    ("loss.wce.title", "Weighted cross-entropy", "加权交叉熵"),
    ("loss.wce.note", "w⁺ multiplies the y = 1 term (PyTorch pos_weight)", "w⁺ 乘在 y = 1 的项上（即 PyTorch 的 pos_weight）"),
    ("loss.focal.title", "Focal", "Focal 损失"),
    ("loss.focal.note", "α weighs the positive class (y = 1) in every library", "在所有库中 α 都是正类（y = 1）的权重"),
    ("loss.dice.title", "Soft Dice", "软 Dice"),
    ("loss.dice.note", "1 − (2I + s)/(Σy + Σp + s)", "1 − (2I + s)/(Σy + Σp + s)"),
    ("loss.iou.title", "Soft Jaccard (IoU)", "软 Jaccard（IoU）"),
    ("loss.iou.note", "shows 1 − J; the article returns −J (same gradient)", "显示 1 − J；原文返回 −J（梯度相同）"),
    ("loss.tversky.title", "Tversky", "Tversky 损失"),
    ("loss.tversky.note", "α weighs FN, β FP here, as the article; the paper (Salehi 2017), MONAI, smp and Keras' docs put α on FP", "此处与原文一致：α 加权假阴性、β 加权假阳性；论文（Salehi 2017）、MONAI、smp 及 Keras 文档把 α 放在假阳性上"),
    ("loss.focal_tversky.title", "Focal Tversky", "Focal Tversky 损失"),
    ("loss.focal_tversky.note", "(1 − T)^γ; the paper writes (1 − T)^(1/γ), γ = 4/3", "(1 − T)^γ；论文写作 (1 − T)^(1/γ)，γ = 4/3"),
    ("loss.sensitivity_specificity.title", "Sensitivity–specificity", "灵敏度–特异度损失"),
    ("loss.sensitivity_specificity.note", "λ weighs the error rate on target pixels", "λ 是目标像素错误率的权重"),
    ("loss.generalized_dice.title", "Generalized Dice", "广义 Dice 损失"),
    ("loss.generalized_dice.note", "two classes (background, object), weights 1/(Σr)²", "两类（背景、目标），权重 1/(Σr)²"),
    ("loss.bce_dice.title", "BCE + Dice", "BCE + Dice"),
    ("loss.bce_dice.note", "w_bce·BCE + w_dice·(1 − D); the article's is this minus 1", "w_bce·BCE + w_dice·(1 − D)；原文的形式比它小 1"),
    ("loss.dice_ce.title", "Dice + cross-entropy", "Dice + 交叉熵"),
    ("loss.dice_ce.note", "MONAI DiceCELoss on logits: λ_d·(1 − D) + λ_CE·BCE, 1 : 1 by default", "MONAI 的 DiceCELoss，基于 logit：λ_d·(1 − D) + λ_CE·BCE，默认 1 : 1"),
    ("loss.dice_focal.title", "Dice + focal", "Dice + Focal 损失"),
    ("loss.dice_focal.note", "MONAI DiceFocalLoss on logits: no α by default (focal's is 0.25)", "MONAI 的 DiceFocalLoss，基于 logit：默认不用 α（focal 为 0.25）"),
    ("loss.topk_ce.title", "Top-k % cross-entropy", "前 k% 交叉熵"),
    ("loss.topk_ce.note", "mean BCE of the K = ⌊N·k/100⌋ hardest pixels (nnU-Net); the others get no gradient", "只取最难的 K = ⌊N·k/100⌋ 个像素的平均 BCE（nnU-Net）；其余像素没有梯度"),
    ("loss.lovasz_hinge.title", "Lovász hinge", "Lovász 合页损失"),
    ("loss.lovasz_hinge.note", "the IoU loss's Lovász extension on hinge errors; gradient only where 1 − z·t > 0", "IoU 损失在合页误差上的 Lovász 扩展；只有 1 − z·t > 0 处有梯度"),
    ("loss.log_cosh_dice.title", "Log-cosh Dice", "对数双曲余弦 Dice"),
    ("loss.log_cosh_dice.note", "log cosh(1 − D): Dice's gradient times tanh(1 − D) ≤ 0.76", "log cosh(1 − D)：Dice 的梯度乘以 tanh(1 − D) ≤ 0.76"),
    ("loss.combo.title", "Combo", "Combo 损失"),
    ("loss.combo.note", "r·CE − (1 − r)·D: negative by design; form picks the paper's CE or the authors' code", "r·CE − (1 − r)·D：按设计为负值；form 选择论文或作者代码中的交叉熵"),
    ("loss.unified_focal.title", "Unified focal (asymmetric)", "非对称统一 Focal 损失"),
    ("loss.unified_focal.note", "λ·focal Tversky + (1 − λ)·focal; the background is suppressed, the foreground enhanced", "λ·Focal Tversky + (1 − λ)·Focal；抑制背景、增强前景"),
    ("board.bce_dice.weight_note", "The article weighs BCE by {w_bce} against Dice's {w_dice}, so by default this loss — on the board, in the race and in the exported code (MONAI: DiceCELoss(lambda_ce={w_bce})) — is almost pure Dice, and C9's “the CE term fades” partly follows from that weight. MONAI's DiceCELoss weighs the two parts 1 : 1 by default (lambda_ce = lambda_dice = 1.0): the “libraries” weights below.", "原文给 BCE 的权重是 {w_bce}（Dice 为 {w_dice}），因此默认情况下该损失——在损失面板、训练竞赛和导出的代码中（MONAI 的 CE 权重同为 {w_bce}）——几乎就是纯 Dice，C9 所说的“交叉熵项逐渐失去作用”部分源于这个权重。MONAI 的 Dice + CE 损失默认按 1 : 1 加权两部分，即下方的“各库”权重。"),
    ("board.bce_dice.preset", "Weights", "权重"),
    ("board.bce_dice.preset.article", "article ({w_bce})", "原文（{w_bce}）"),
    ("board.bce_dice.preset.libraries", "libraries (1 : 1)", "各库（1 : 1）"),
    ("board.bce_dice.preset.custom", "custom", "自定义"),
    // readout
    ("readout.foreground", "Foreground", "前景"),
    ("readout.no_foreground", "no foreground", "无前景"),
    ("readout.pixels", " · {ratio} · {fg} px of {n}", " · {ratio} · {n} 个像素中 {fg} 个"),
    ("readout.tp", "true positives (soft): Σ y·p", "真阳性（软计数）：Σ y·p"),
    ("readout.fp", "false positives (soft): Σ (1−y)·p", "假阳性（软计数）：Σ (1−y)·p"),
    ("readout.fn", "false negatives (soft): Σ y·(1−p)", "假阴性（软计数）：Σ y·(1−p)"),
    ("readout.tn", "true negatives (soft): Σ (1−y)(1−p)", "真阴性（软计数）：Σ (1−y)(1−p)"),
    ("readout.hint", "Soft counts: TP = Σ y·p, FP = Σ (1−y)·p, FN = Σ y·(1−p), TN = Σ (1−y)(1−p).", "软计数：TP = Σ y·p，FP = Σ (1−y)·p，FN = Σ y·(1−p)，TN = Σ (1−y)(1−p)。"),
    // scene editor
    ("scene.label", "Scene editor", "场景编辑器"),
    ("scene.toolbar", "Brush and edit", "画笔与编辑"),
    ("scene.layer", "Layer", "图层"),
    ("scene.layer.target", "target", "标注"),
    ("scene.layer.prediction", "prediction", "预测"),
    ("scene.brush", "Brush", "画笔"),
    ("scene.paint", "paint", "绘制"),
    ("scene.erase", "erase", "擦除"),
    ("scene.brush_size", "size", "大小"),
    ("scene.brush_size.help", "brush diameter in pixels", "画笔直径（像素）"),
    ("scene.brush_prob", "brush p", "画笔 p"),
    ("scene.brush_prob.help", "probability the brush paints on the prediction", "画笔在预测图上绘制的概率值"),
    ("scene.undo", "Undo", "撤销"),
    ("scene.undo.help", "Undo (Ctrl+Z)", "撤销（Ctrl+Z）"),
    ("scene.redo", "Redo", "重做"),
    ("scene.redo.help", "Redo (Ctrl+Shift+Z)", "重做（Ctrl+Shift+Z）"),
    ("scene.clear", "Clear {layer}", "清除{layer}"),
    ("scene.clear.help", "Target: erase every pixel. Prediction: remove painted edits (back to the model).", "标注：擦除所有像素。预测：去掉手绘的修改（回到模型预测）。"),
    ("scene.invert", "Invert {layer}", "反转{layer}"),
    ("scene.invert.help", "Target: y → 1 − y. Prediction: paint 1 − p everywhere.", "标注：y → 1 − y。预测：处处改为 1 − p。"),
    ("scene.threshold", "threshold", "阈值"),
    ("scene.threshold.help", "overlay: predicted positive where p ≥ threshold", "叠加图：p ≥ 阈值处判为阳性"),
    ("scene.target", "Target", "标注（真值）"),
    ("scene.target.hint", "The generator redraws the target (undo brings painted edits back).", "生成器会重绘标注（撤销可恢复手绘的修改）。"),
    ("scene.generator", "Generator", "生成器"),
    ("scene.grid", "Grid", "网格"),
    ("scene.grid_error", "Grid size must be 32, 64, 128 or 256.", "网格大小必须是 32、64、128 或 256。"),
    ("scene.size", "object size px", "目标大小（像素）"),
    ("scene.size.help", "object area in pixels, 1 to half the image", "目标面积（像素），从 1 到图像的一半"),
    ("scene.pos_x", "x %", "x %"),
    ("scene.pos_x.help", "object centre, % of the width", "目标中心，占宽度的百分比"),
    ("scene.pos_y", "y %", "y %"),
    ("scene.pos_y.help", "object centre, % of the height", "目标中心，占高度的百分比"),
    ("scene.model", "Prediction model", "预测模型"),
    ("scene.model.hint", "The prediction follows the target; strokes on the prediction stay on top.", "预测跟随标注生成；在预测图上的手绘修改保留在上层。"),
    ("scene.background", "background p", "背景 p"),
    ("scene.background.help", "probability predicted on background: 0.5 (unsure) down to 1e-4 (confident)", "背景上的预测概率：从 0.5（不确定）到 1e-4（高置信度）"),
    ("scene.foreground", "object p", "目标 p"),
    ("scene.foreground.help", "probability predicted on the object", "目标上的预测概率"),
    ("scene.errors", "Prediction errors", "预测的误差"),
    ("scene.errors.hint", "Move, blur, grow or shrink the predicted object, add false-positive specks, break it with a gap or give it a false branch.", "平移、模糊、膨胀或腐蚀预测目标，加入假阳性噪点，用断口将其打断，或给它加一条假分支。"),
    ("scene.shift_x", "shift x", "平移 x"),
    ("scene.shift_x.help", "pixels right", "向右平移的像素数"),
    ("scene.shift_y", "shift y", "平移 y"),
    ("scene.shift_y.help", "pixels down", "向下平移的像素数"),
    ("scene.blur", "blur σ", "模糊 σ"),
    ("scene.blur.help", "Gaussian blur of the predicted object, pixels", "预测目标的高斯模糊（像素）"),
    ("scene.morph", "dilate", "膨胀"),
    ("scene.morph.help", "grow (+) or shrink (−) the predicted object, pixels", "预测目标膨胀（+）或腐蚀（−）的像素数"),
    ("scene.specks", "FP specks", "假阳性噪点"),
    ("scene.specks.help", "single false-positive pixels on background", "背景上的单像素假阳性"),
    ("scene.seed", "seed", "随机种子"),
    ("scene.seed.help", "where the specks fall", "决定噪点的位置"),
    ("scene.gap", "gap", "断口"),
    ("scene.gap.help", "cut the predicted structure across at its centre over this many pixels (a broken vessel)", "在预测结构的中部横向切断这么多像素（断开的血管）"),
    ("scene.spur", "spur", "假分支"),
    ("scene.spur.help", "a 1-px false branch this many pixels long sticking out of the predicted object", "从预测目标伸出的一条 1 像素宽、这么多像素长的假分支"),
    ("scene.far_speck", "far speck", "远处噪点"),
    ("scene.far_speck.help", "one false-positive pixel as far from the target as the image allows", "在图像中离标注最远处放一个假阳性像素"),
    ("scene.canvas.target", "Target", "标注"),
    ("scene.canvas.target.hint", "y (paint: 1, erase: 0)", "y（绘制：1，擦除：0）"),
    ("scene.canvas.target.label", "Target mask. Arrow keys move the brush, Space or Enter paints.", "标注掩码。方向键移动画笔，空格或回车绘制。"),
    ("scene.canvas.prediction", "Prediction", "预测"),
    ("scene.canvas.prediction.hint", "p (paint: brush p, erase: 0)", "p（绘制：画笔 p，擦除：0）"),
    ("scene.canvas.prediction.label", "Predicted probability. Arrow keys move the brush, Space or Enter paints.", "预测概率图。方向键移动画笔，空格或回车绘制。"),
    ("scene.canvas.overlay", "Overlay", "叠加"),
    ("scene.canvas.overlay.hint", "at threshold", "按阈值"),
    ("scene.canvas.overlay.label", "True and false positives and negatives. Arrow keys move the brush, Space or Enter paints the active layer.", "真/假阳性与真/假阴性。方向键移动画笔，空格或回车在当前图层上绘制。"),
];

/// English texts that come from the core (knob labels and help, shape names) with their
/// Chinese; looked up by exact text (`core_text`), and a test walks the core's knobs and
/// shapes so that a new one without a translation fails.
pub const CORE: &[(&str, &str)] = &[
    // The loss parameters' word choices: the code word stays (the libraries take it), the
    // meaning follows.
    ("sum", "sum（求和）"),
    ("mean", "mean（平均）"),
    ("per_positive", "per_positive（除以目标像素数）"),
    ("square", "square（权重 1/(Σr)²）"),
    ("simple", "simple（权重 1/Σr）"),
    ("uniform", "uniform（等权）"),
    ("epsilon", "epsilon（分母加 ε）"),
    ("max", "max（取其余类的最大权重）"),
    ("zero", "zero（权重为 0）"),
    ("complement", "complement（用补集计算）"),
    ("plain", "plain（按原式）"),
    ("Disc", "圆盘"),
    ("Square", "正方形"),
    ("Ship (ellipse 3:1)", "船形（3:1 椭圆）"),
    ("Several objects", "多个目标"),
    ("Thin line", "细线"),
    ("Line, 1 px", "直线，1 像素"),
    ("Line, 3 px", "直线，3 像素"),
    ("Curve, 1 px", "曲线，1 像素"),
    ("Ring", "圆环"),
    ("Cross", "十字"),
    ("Branching tree", "分叉树"),
    ("Dotted line", "虚线"),
    ("Empty (no object)", "空（无目标）"),
    ("smooth", "平滑项"),
    ("added to numerator and denominator", "加在分子和分母上"),
    ("squared", "平方"),
    ("V-Net: Σy² + Σp² below", "V-Net：分母用 Σy² + Σp²"),
    (
        "weight of false negatives here, as in the article; MONAI, smp and Keras call it β",
        "此处（同原文）为假阴性的权重；MONAI、smp 和 Keras 称之为 β",
    ),
    (
        "weight of false positives here; MONAI, smp and Keras call it α",
        "此处为假阳性的权重；MONAI、smp 和 Keras 称之为 α",
    ),
    (
        "weight of target pixels; balanced = (N − Sy)/Sy, capped at 1e4",
        "目标像素的权重；平衡权重 = (N − Sy)/Sy，上限 1e4",
    ),
    ("α (pos)", "α（正类）"),
    (
        "weight of the positive class (y = 1) in every library; 0.25 down-weights it",
        "在所有库中都是正类（y = 1）的权重；0.25 是降低其权重",
    ),
    ("focusing exponent", "聚焦指数"),
    ("reduction", "归约方式"),
    (
        "sum is the article's Keras code: it scales with the image size",
        "sum 是原文的 Keras 写法：其数值随图像大小增长",
    ),
    ("added to I and U", "加在 I 和 U 上"),
    ("empty target", "空目标"),
    (
        "complement (the article's): on an empty target, score 1 − y against 1 − p",
        "complement（原文做法）：目标为空时，改为计算 1 − y 与 1 − p",
    ),
    (
        "(1 − T)^γ; the paper writes (1 − T)^(1/γ) with γ = 4/3",
        "(1 − T)^γ；论文写作 (1 − T)^(1/γ)，γ = 4/3",
    ),
    (
        "weight of the error rate on target pixels (1 − sensitivity)",
        "目标像素错误率（1 − 灵敏度）的权重",
    ),
    ("added to both denominators", "加在两个分母上"),
    ("weights", "权重"),
    ("class weight 1/(Σr)², 1/Σr or 1", "类别权重 1/(Σr)²、1/Σr 或 1"),
    ("absent", "缺失类"),
    (
        "weight of a class missing from the target: 1/ε (article), max (MONAI), 0",
        "标注中缺失类别的权重：1/ε（原文）、max（MONAI）、0",
    ),
    ("weight of the BCE part (the article: 1e-3)", "BCE 部分的权重（原文：1e-3）"),
    ("weight of the Dice part", "Dice 部分的权重"),
    ("α (FN)", "α（假阴性）"),
    ("β (FP)", "β（假阳性）"),
    // The losses of losses-compound.md.
    ("added to the Dice numerator (MONAI smooth_nr)", "加在 Dice 的分子上（MONAI 的 smooth_nr）"),
    ("added to the Dice denominator (MONAI smooth_dr)", "加在 Dice 的分母上（MONAI 的 smooth_dr）"),
    ("weight of the Dice part (MONAI lambda_dice)", "Dice 部分的权重（MONAI 的 lambda_dice）"),
    ("weight of the cross-entropy part (MONAI lambda_ce)", "交叉熵部分的权重（MONAI 的 lambda_ce）"),
    (
        "weight of target pixels in the CE part (MONAI weight; none = 1)",
        "交叉熵部分中目标像素的权重（MONAI 的 weight；不加权即为 1）",
    ),
    (
        "weight of target pixels in the focal part; none (MONAI's default) weighs both classes 1",
        "Focal 部分中目标像素的权重；不加权（MONAI 默认）时两类权重均为 1",
    ),
    ("weight of the focal part (MONAI lambda_focal)", "Focal 部分的权重（MONAI 的 lambda_focal）"),
    (
        "percent of pixels kept, the hardest: K = trunc(N·k/100) (nnU-Net: 10)",
        "保留的最难像素的百分比：K = ⌊N·k/100⌋（nnU-Net：10）",
    ),
    ("r (CE)", "r（交叉熵）"),
    (
        "weight of the CE against Dice: L = r·CE − (1 − r)·D (the paper's α, the code's ce_d_w)",
        "交叉熵相对 Dice 的权重：L = r·CE − (1 − r)·D（论文中的 α，代码中的 ce_d_w）",
    ),
    ("β (pos)", "β（正类）"),
    (
        "weight of y = 1 in the CE (the paper's β, the code's ce_w); above 0.5 misses cost more",
        "交叉熵中 y = 1 的权重（论文中的 β，代码中的 ce_w）；大于 0.5 时漏检代价更高",
    ),
    ("form", "形式"),
    (
        "which CE: the paper's, or the authors' code of 2019 (β twice on the background) or of today (the background's sign flipped)",
        "采用哪种交叉熵：论文的，或作者 2019 年的代码（背景项乘了两次 β），或现在的代码（背景项符号相反）",
    ),
    ("paper", "paper（论文）"),
    ("none", "none（不加权）"),
    ("balanced", "balanced（平衡权重）"),
    ("authors_2019", "authors_2019（作者 2019 年的代码）"),
    ("authors_2020", "authors_2020（作者现在的代码）"),
    ("λ (FT)", "λ（Focal Tversky）"),
    (
        "weight of the focal Tversky part (the code's weight); the focal part gets 1 − λ",
        "Focal Tversky 部分的权重（代码中的 weight）；Focal 部分的权重为 1 − λ",
    ),
    ("weight of the foreground: on its CE and on the false negatives", "前景的权重：作用于前景的交叉熵与假阴性"),
    (
        "one exponent for both parts: suppresses easy background pixels, enhances the foreground Tversky term",
        "两部分共用的指数：抑制易分的背景像素，增强前景的 Tversky 项",
    ),
];

#[cfg(test)]
mod terminology {
    /// One Chinese term each (issue #14): sensitivity 灵敏度 and specificity 特异度 (not
    /// 敏感性 / 敏感度 / 特异性), a claim 论断 (not 论点), imbalance 不平衡 (not 不均衡).
    const REJECTED: [(&str, &str); 5] = [
        ("敏感性", "灵敏度"),
        ("敏感度", "灵敏度"),
        ("特异性", "特异度"),
        ("论点", "论断"),
        ("不均衡", "不平衡"),
    ];

    /// Every Chinese text of every table (the interface's tables and the core's `CORE`).
    fn chinese() -> Vec<&'static str> {
        let tables = super::super::TABLES.iter().flat_map(|t| t.iter()).map(|&(_, _, zh)| zh);
        tables.chain(super::CORE.iter().map(|&(_, zh)| zh)).collect()
    }

    #[test]
    fn one_term_each_across_every_table() {
        let texts = chinese();
        assert!(texts.len() > 300, "all tables read: {}", texts.len());
        let found: Vec<String> = texts
            .iter()
            .flat_map(|t| {
                REJECTED
                    .iter()
                    .filter(|(bad, _)| t.contains(bad))
                    .map(move |(bad, good)| format!("{bad} (use {good}) in {t}"))
            })
            .collect();
        assert!(found.is_empty(), "rejected variants: {found:#?}");
        // The chosen terms are the ones in use.
        for good in ["灵敏度", "特异度", "论断", "不平衡"] {
            assert!(texts.iter().any(|t| t.contains(good)), "{good} is used");
        }
    }
}
