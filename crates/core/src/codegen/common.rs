//! What the four libraries' files share: the libraries, the notes, the Python number format,
//! the lines naming a batch's reduction. Its own file
//! so that `mod.rs` (which dispatches to the libraries) and the libraries' files both depend
//! on it, and not on each other.

use crate::{AbsentPolicy, BatchReduction};

/// A library the code is exported for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Library {
    /// Plain PyTorch (and torchvision for focal).
    Pytorch,
    /// MONAI.
    Monai,
    /// segmentation_models_pytorch.
    Smp,
    /// Keras 3.
    Keras,
}

impl Library {
    /// Every library, in the order the app shows them.
    pub const ALL: [Library; 4] = [Library::Pytorch, Library::Monai, Library::Smp, Library::Keras];

    /// The name in hooks (`data-code`).
    pub fn as_str(self) -> &'static str {
        match self {
            Library::Pytorch => "pytorch",
            Library::Monai => "monai",
            Library::Smp => "smp",
            Library::Keras => "keras",
        }
    }

    /// The library's name for people.
    pub fn title(self) -> &'static str {
        match self {
            Library::Pytorch => "PyTorch",
            Library::Monai => "MONAI",
            Library::Smp => "segmentation_models_pytorch",
            Library::Keras => "Keras 3",
        }
    }
}

/// Something a person must know about a snippet; the app words each kind (in its language).
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The library's `alpha` weighs false positives: losslab's `alpha` (FN) and `beta` (FP)
    /// are passed as the library's `beta` and `alpha`.
    TverskySwapped,
    /// Keras' `tversky` puts `alpha` on false negatives in its code, unlike its docstring.
    KerasTverskyDocs,
    /// The library's smoothing sits elsewhere: losslab's value `ours` is written `theirs`.
    SmoothTranslated {
        /// losslab's value.
        ours: f64,
        /// The library's argument.
        theirs: f64,
    },
    /// The library's loss has no smoothing parameter (only `1e-7` in the denominator), so it
    /// is written by hand here.
    NoSmoothing,
    /// The library's built-in adds `1e-7` to the denominator: equal to smoothing 0 within 1e-7.
    EpsilonInDenominator,
    /// The library has no such loss: the snippet writes the formula with its tensor ops.
    Handwritten,
    /// The library pools the whole batch; the snippet loops over images to keep the article's
    /// per-image mean.
    PerImageLoop,
    /// The library scores an image with an empty target 0 (losslab: a real value and gradient).
    EmptyImageZero,
    /// Pooled: the library scores a batch whose target is empty everywhere 0 (losslab: a real
    /// value and gradient).
    EmptyBatchZero,
    /// The library computes TP from `|p − y|`, equal to `Σ y·p` only for hard (0/1) targets.
    HardTargetsOnly,
    /// MONAI's `reduction="sum"` averages over pixels first: the snippet reduces by hand.
    MonaiFocalSum,
    /// The reduction is done by hand: `per_positive` divides each image's sum by `max(Σy, 1)`.
    ReductionByHand,
    /// Logits in: the log is not clipped at `1e-7` (differs only for |z| > 16).
    NoClip,
    /// The snippet takes probabilities, clipped at `1e-7` like losslab.
    Probabilities,
    /// The exponent: the snippet uses `(1 − T)^γ`; the paper's `(1 − T)^(1/γ')` has `γ' = 1/γ`.
    FocalTverskyExponent,
    /// MONAI's weights are `1/Σr²` (no `ε_w`) with absent classes given the largest weight;
    /// losslab's `absent` setting `policy` is not expressible, so the weights are written.
    GdlWeights {
        /// losslab's absent-class policy.
        policy: AbsentPolicy,
    },
    /// `pos_weight = "balanced"` is computed per image in the snippet: `(N − Σy)/Σy`, capped.
    BalancedPerImage,
    /// `pos_weight = "balanced"` is computed once over the whole batch (pooled), capped.
    BalancedPooled,
    /// BCE + Dice weighted otherwise than the libraries' 1 : 1 (MONAI's `DiceCELoss`
    /// defaults): with the article's `w_bce = 1e-3` the sum is almost pure Dice.
    BceDiceWeights {
        /// losslab's `w_bce`.
        w_bce: f64,
        /// losslab's `w_dice`.
        w_dice: f64,
    },
    /// The library has no option for `setting`: the snippet writes it with tensor ops.
    NotExpressible {
        /// losslab's parameter name.
        setting: &'static str,
    },
    /// The library computes the loss (or a part of it) in float32 whatever the input's type:
    /// it agrees with losslab to about 1e-7 relative, not to float64's digits (MONAI's
    /// `DiceFocalLoss` casts its focal part; smp's Lovász casts its cumulative sums, so the
    /// snippet feeds it float32).
    Float32,
    /// The library sorts with an unstable sort: tied pixels (equal errors, e.g. a constant
    /// background) may share the gradient otherwise than losslab's lower-index-first rule;
    /// the value is the same.
    UnstableTies,
    /// The distance maps come from SciPy on the CPU, one image at a time, outside autograd
    /// (constants, as in the library's or the authors' code): a Keras step must run eagerly.
    DistanceMapsOnCpu,
    /// Pooled: the library has no batch switch (it scores each image, then averages), so the
    /// snippet hands it the batch as the channels of one image; the skeletons stay per image.
    BatchAsChannels,
}

/// One library's code for a loss and its notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// The library.
    pub library: Library,
    /// How the snippet reduces a batch (as `Loss::evaluate_batch` with this reduction).
    pub reduction: BatchReduction,
    /// Python source defining `loss_fn`.
    pub code: String,
    /// What differs from losslab's definition and how the snippet handles it.
    pub notes: Vec<Note>,
}

/// `x` as a Python float literal (always with a `.` or an exponent, so `torch.tensor(10.0)`
/// is a float tensor).
pub fn py(x: f64) -> String {
    if !x.is_finite() {
        return format!("float('{x}')");
    }
    let s = format!("{x}");
    if x != 0.0 && (x.abs() < 1e-4 || x.abs() >= 1e16) {
        return format!("{x:e}");
    }
    if s.contains('.') || s.contains('e') {
        s
    } else {
        format!("{s}.0")
    }
}

/// `code` written with the library's tensor ops where it has no such loss
/// ([`Note::Handwritten`]).
pub(super) fn handwritten(notes: &mut Vec<Note>, code: String) -> String {
    notes.push(Note::Handwritten);
    code
}

/// The torch line naming the dimensions a region loss sums over: each image's `(1, 2, 3)`
/// (the batch mean comes last) or the whole batch's `(0, 1, 2, 3)` (pooled).
pub(super) fn dims_line(reduction: BatchReduction) -> &'static str {
    match reduction {
        BatchReduction::PerImage => {
            "    dims = (1, 2, 3)  # per image; the batch mean comes last\n"
        }
        BatchReduction::Pooled => {
            "    dims = (0, 1, 2, 3)  # pooled: one sum over the whole batch\n"
        }
    }
}

/// The Keras line naming the axes a region loss sums over (`axis=None` pools the batch).
pub(super) fn axis_line(reduction: BatchReduction) -> &'static str {
    match reduction {
        BatchReduction::PerImage => {
            "    axis = (1, 2, 3)  # per image; the batch mean comes last\n"
        }
        BatchReduction::Pooled => "    axis = None  # pooled: one sum over the whole batch\n",
    }
}

/// MONAI's `batch=` argument: `True` sums over the batch before dividing (pooled).
pub(super) fn monai_batch(reduction: BatchReduction) -> &'static str {
    match reduction {
        BatchReduction::PerImage => "batch=False",
        BatchReduction::Pooled => "batch=True",
    }
}
