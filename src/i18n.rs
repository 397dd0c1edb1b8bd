//! Every visible string, in English and Persian, in one table.
//!
//! A key is a variant of [`T`], so a missing key is a compile error and a missing
//! translation is impossible to write (each row has both columns). The plots and the command
//! line use the same table natively, which is why this is a plain Rust table rather than a
//! Leptos-only i18n crate.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Fa,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fa => "fa",
        }
    }
    /// Text direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::En => "ltr",
            Lang::Fa => "rtl",
        }
    }
    pub fn t(self, key: T) -> &'static str {
        key.get(self)
    }
    /// Writes a number's digits (and decimal point) in this language's script.
    pub fn digits(self, s: &str) -> String {
        match self {
            Lang::En => s.to_string(),
            Lang::Fa => s
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32('۰' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
                    '.' => '٫',
                    '-' => '−',
                    '%' => '٪',
                    _ => c,
                })
                .collect(),
        }
    }
    /// A number with `decimals` places, in this language's digits.
    pub fn num(self, x: f64, decimals: usize) -> String {
        self.digits(&format!("{x:.decimals$}"))
    }
}

macro_rules! strings {
    ($($key:ident => $en:expr, $fa:expr;)*) => {
        /// A string key. `T::X.get(lang)` gives the text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T { $($key),* }
        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::En) => $en, (T::$key, Lang::Fa) => $fa,)*
                }
            }
        }
    };
}

strings! {
    AppTitle => "Descent", "دیسنت";
    Tagline => "Train a neural network and watch it learn.", "یک شبکهٔ عصبی را آموزش دهید و یادگیری‌اش را ببینید.";
    PanelData => "Data", "داده";
    PanelNetwork => "Network", "شبکه";
    PanelTraining => "Training", "آموزش";
    PanelOutput => "Output", "خروجی";

    Dataset => "Dataset", "مجموعه‌داده";
    HelpDataset => "Which pattern of blue and orange points the network must learn to separate.", "الگوی نقاط آبی و نارنجی که شبکه باید جدا کردنشان را یاد بگیرد.";
    Circle => "Circle", "دایره";
    Xor => "XOR", "یای انحصاری (XOR)";
    Gauss => "Two Gaussians", "دو توزیع گاوسی";
    Spiral => "Spiral", "مارپیچ";
    Moons => "Two moons", "دو هلال";
    Noise => "Noise", "نویز";
    HelpNoise => "How much the points are jittered away from the clean pattern (0–50 %).", "میزان جابه‌جایی تصادفی نقاط از الگوی تمیز (۰ تا ۵۰ درصد).";
    Points => "Points", "تعداد نقاط";
    HelpPoints => "How many points are generated, training and test together.", "تعداد کل نقاط تولیدشده، آموزشی و آزمون با هم.";
    Split => "Training share", "سهم داده‌های آموزشی";
    HelpSplit => "Percentage of the points used for training; the rest are test points the network never learns from.", "درصدی از نقاط که برای آموزش به کار می‌رود؛ بقیه نقاط آزمون‌اند و شبکه از آن‌ها یاد نمی‌گیرد.";
    Seed => "Seed", "بذر تصادفی";
    HelpSeed => "Fixes the random data and initial weights: the same seed gives the same run.", "داده‌ها و وزن‌های اولیهٔ تصادفی را ثابت می‌کند: بذر یکسان، اجرای یکسان.";
    Regenerate => "Regenerate data", "تولید دوبارهٔ داده";
    HelpRegenerate => "New random points (the next seed) and new initial weights.", "نقاط تصادفی تازه (بذر بعدی) و وزن‌های اولیهٔ تازه.";
    ShowTest => "Show test data", "نمایش داده‌های آزمون";
    HelpShowTest => "Draw the test points too (outlined) on the output plot.", "نقاط آزمون را هم (با حاشیه) روی نمودار خروجی نشان بده.";

    HiddenLayers => "Hidden layers", "لایه‌های پنهان";
    HelpHidden => "Number of hidden layers (0–6) and neurons in each (1–16).", "تعداد لایه‌های پنهان (۰ تا ۶) و نورون‌های هر لایه (۱ تا ۱۶).";
    AddLayer => "Add a hidden layer", "افزودن لایهٔ پنهان";
    RemoveLayer => "Remove the last hidden layer", "حذف آخرین لایهٔ پنهان";
    AddNeuron => "Add a neuron to layer", "افزودن نورون به لایهٔ";
    RemoveNeuron => "Remove a neuron from layer", "حذف نورون از لایهٔ";
    Neurons => "neurons", "نورون";
    Layer => "Layer", "لایه";
    Activation => "Activation", "تابع فعال‌سازی";
    HelpActivation => "The function each hidden neuron applies to its weighted sum.", "تابعی که هر نورون پنهان روی مجموع وزن‌دار ورودی‌هایش اعمال می‌کند.";
    Relu => "ReLU", "ReLU";
    Tanh => "Tanh", "تانژانت هذلولوی (tanh)";
    Sigmoid => "Sigmoid", "سیگموید";
    Linear => "Linear", "خطی";

    LearningRate => "Learning rate", "نرخ یادگیری";
    HelpLearningRate => "The step size of each weight update (α in w ← w − α·∂L/∂w). Too small: slow; too large: overshoots or diverges.", "اندازهٔ گام هر به‌روزرسانی وزن (α در w ← w − α·∂L/∂w). خیلی کوچک: کند؛ خیلی بزرگ: جهش از کمینه یا واگرایی.";
    BatchSize => "Batch size", "اندازهٔ دسته";
    HelpBatchSize => "How many training points each gradient step averages over.", "تعداد نقاط آموزشی که هر گام گرادیان روی آن‌ها میانگین می‌گیرد.";
    Play => "Play", "اجرا";
    Pause => "Pause", "توقف";
    HelpPlay => "Start or pause training.", "شروع یا توقف آموزش.";
    Step => "Step", "یک دوره";
    HelpStep => "Train exactly one epoch (one pass over the training data).", "دقیقاً یک دوره (یک گذر روی داده‌های آموزشی) آموزش بده.";
    Reset => "Reset", "بازنشانی";
    HelpReset => "Back to the initial weights, epoch 0.", "بازگشت به وزن‌های اولیه و دورهٔ صفر.";
    Language => "Language", "زبان";
    HelpLanguage => "Language of the page.", "زبان صفحه.";
    English => "English", "English";
    Persian => "فارسی", "فارسی";

    Epoch => "epoch", "دوره";
    TrainLoss => "train loss", "خطای آموزش";
    TestLoss => "test loss", "خطای آزمون";
    TestAccuracy => "test accuracy", "دقت آزمون";
    Loss => "Loss", "خطا";
    EpochAxis => "epoch", "دوره";
    Train => "train", "آموزش";
    Test => "test", "آزمون";
    BoundaryTitle => "Decision boundary", "مرز تصمیم";
    HelpBoundary => "Colour: the network's output over the input plane (blue = class 1, orange = class 0). Dots: training points; outlined dots: test points.", "رنگ: خروجی شبکه روی صفحهٔ ورودی (آبی = کلاس ۱، نارنجی = کلاس ۰). نقطه‌ها: داده‌های آموزشی؛ نقطه‌های حاشیه‌دار: داده‌های آزمون.";
    LossTitle => "Loss over epochs", "خطا در طول دوره‌ها";
    HelpLoss => "Binary cross-entropy on the training (solid) and test (dashed) points after each epoch.", "آنتروپی متقاطع دودویی روی نقاط آموزشی (خط پر) و آزمون (خط‌چین) پس از هر دوره.";
    NetworkTitle => "Network", "شبکه";
    HelpNetwork => "Each square shows what a neuron outputs over the input plane. Links: blue = positive weight, orange = negative, thicker = larger.", "هر مربع خروجی یک نورون را روی صفحهٔ ورودی نشان می‌دهد. پیوندها: آبی = وزن مثبت، نارنجی = منفی، ضخیم‌تر = بزرگ‌تر.";
    Inputs => "Inputs", "ورودی‌ها";
    OutputLayer => "Output", "خروجی";

    Loading => "Loading the training engine…", "در حال بارگذاری موتور آموزش…";
    Ready => "Ready: press Play.", "آماده: «اجرا» را بزنید.";
    Diverged => "Training diverged: the loss became infinite or NaN. Training is paused; try a smaller learning rate and press Reset.", "آموزش واگرا شد: خطا بی‌نهایت یا NaN شد. آموزش متوقف شد؛ نرخ یادگیری کوچک‌تری امتحان کنید و «بازنشانی» را بزنید.";
    WorkerFailed => "The training engine failed:", "موتور آموزش با خطا روبه‌رو شد:";
    NoWorker => "it did not start within 10 seconds. Is WebAssembly enabled? Reload the page to try again.", "در ۱۰ ثانیه راه‌اندازی نشد. آیا وب‌اسمبلی فعال است؟ برای تلاش دوباره صفحه را بازآوری کنید.";
    NoticeTitle => "Some settings in the link were not valid and were replaced by defaults:", "برخی تنظیمات پیوند نامعتبر بودند و با مقدار پیش‌فرض جایگزین شدند:";
    UnknownKey => "unknown setting", "تنظیم ناشناخته";
    BadValue => "is not valid; expected", "نامعتبر است؛ مقدار مورد انتظار:";
    UsingDefault => "using", "مقدار جایگزین:";
    Dismiss => "Dismiss", "بستن";
    OneOf => "one of", "یکی از";
    NumberFrom => "a number from", "عددی از";
    To => "to", "تا";
    ListOf => "a comma list of up to", "فهرستی با ویرگول، حداکثر";
    WidthsFrom => "widths from", "لایه با پهنای";
    ZeroOrOne => "0 or 1", "۰ یا ۱";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages() {
        for k in T::ALL {
            assert!(!k.get(Lang::En).is_empty(), "{k:?} has no English");
            assert!(!k.get(Lang::Fa).is_empty(), "{k:?} has no Persian");
        }
    }

    #[test]
    fn persian_digits() {
        assert_eq!(Lang::Fa.num(92.5, 1), "۹۲٫۵");
        assert_eq!(Lang::En.num(92.5, 1), "92.5");
        assert_eq!(Lang::Fa.digits("epoch 10"), "epoch ۱۰");
        assert_eq!(Lang::Fa.digits("-5%"), "−۵٪");
    }
}
