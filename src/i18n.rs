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
    Island => "Small island (10 % positive)", "جزیرهٔ کوچک (۱۰٪ مثبت)";
    Spiral3 => "Spiral, 3 classes", "مارپیچ، ۳ کلاس";
    Spiral4 => "Spiral, 4 classes", "مارپیچ، ۴ کلاس";
    Blobs3 => "Blobs, 3 classes", "خوشه‌ها، ۳ کلاس";
    Blobs4 => "Blobs, 4 classes", "خوشه‌ها، ۴ کلاس";
    Plane => "Plane (regression)", "صفحه (رگرسیون)";
    MultiGauss => "Multi-Gaussian (regression)", "چند گاوسی (رگرسیون)";
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
    DataReport => "What happened to the data", "چه بر سر داده‌ها آمد";
    CsvLabel => "Your own data (CSV: x1,x2,label)", "دادهٔ خودتان (CSV: x1,x2,label)";
    HelpCsv => "Paste lines of x1,x2,label (header optional; label 0/1, a class index, or a real value for regression) and press Load. Bad fields are reported by line and column; the good rows are used. At most 10,000 rows.", "سطرهایی به شکل x1,x2,label بچسبانید (سطر عنوان اختیاری است؛ برچسب ۰/۱، شمارهٔ کلاس، یا عددی حقیقی برای رگرسیون) و «بارگذاری» را بزنید. فیلدهای نادرست با شمارهٔ سطر و ستون گزارش می‌شوند و سطرهای درست به کار می‌روند. حداکثر ۱۰٬۰۰۰ سطر.";
    CsvLoad => "Load", "بارگذاری";
    ShowAll => "more", "بیشتر";
    CsvProblems => "Some lines were not used:", "برخی سطرها به کار نرفتند:";
    Compare => "Compare with run B", "مقایسه با اجرای B";
    Speed => "Training speed", "سرعت آموزش";
    HelpSpeed => "Epochs per second. Slow speeds draw every epoch, so the boundary, the curves and the path on the loss surface move step by step; \"fastest\" trains as fast as this computer can.", "تعداد دوره در هر ثانیه. در سرعت‌های کم هر دوره کشیده می‌شود، پس مرز، منحنی‌ها و مسیر روی سطح خطا گام‌به‌گام پیش می‌روند؛ «بیشترین» به سرعتی که این رایانه می‌تواند آموزش می‌دهد.";
    Speed1 => "1 epoch/s", "۱ دوره در ثانیه";
    Speed3 => "3 epochs/s", "۳ دوره در ثانیه";
    Speed10 => "10 epochs/s", "۱۰ دوره در ثانیه";
    Speed30 => "30 epochs/s", "۳۰ دوره در ثانیه";
    Speed60 => "60 epochs/s", "۶۰ دوره در ثانیه";
    SpeedMax => "fastest", "بیشترین";
    HelpCompare => "Train a second run beside this one, from the same data and (where the shapes allow) the same initial weights; any setting of run B can differ.", "اجرای دومی در کنار این اجرا آموزش ببیند، با همان داده‌ها و (اگر شکل شبکه اجازه دهد) همان وزن‌های اولیه؛ هر تنظیمی از اجرای B می‌تواند متفاوت باشد.";
    RunA => "Run A", "اجرای A";
    RunB => "Run B", "اجرای B";
    HelpRunB => "Run B's settings: only the ones you change here differ from run A.", "تنظیمات اجرای B: فقط آن‌هایی که اینجا تغییر می‌دهید با اجرای A متفاوت‌اند.";
    HelpShowTest => "Draw the test points too (outlined) on the output plot.", "نقاط آزمون را هم (با حاشیه) روی نمودار خروجی نشان بده.";
    Custom => "Your own data (CSV or clicks)", "دادهٔ خودتان (CSV یا کلیک)";
    Digits => "Handwritten digits (8×8 images)", "ارقام دست‌نویس (تصویرهای ۸×۸)";
    NewShapes => "Other shapes (ellipse, half disk, star, corner, bar)", "شکل‌های دیگر (بیضی، نیم‌دایره، ستاره، گوشه، میله)";
    DigitsLow => "Handwritten digits 0–4 only", "فقط ارقام دست‌نویس ۰ تا ۴";
    DigitsHigh => "Handwritten digits 5–9 only", "فقط ارقام دست‌نویس ۵ تا ۹";
    Shapes => "Shapes (generated images)", "شکل‌ها (تصویرهای ساختگی)";
    ImageSize => "Image size", "اندازهٔ تصویر";
    DataSines => "Sines (forecast a sum of sines)", "سینوس‌ها (پیش‌بینی جمع چند سینوس)";
    DataWaves => "Waves (forecast sawtooth and square waves)", "موج‌ها (پیش‌بینی موج دندان‌اره‌ای و مربعی)";
    DataSeason => "Season (forecast a trend with a season)", "فصلی (پیش‌بینی روند و فصل)";
    DataAdding => "Adding problem (a long memory)", "مسئلهٔ جمع (حافظهٔ بلند)";
    DataMnist1d => "MNIST-1D (classify 1-D patterns)", "MNIST-1D (دسته‌بندی الگوهای یک‌بعدی)";
    Window => "Window", "پنجره";
    HelpWindow => "How many past values the network sees to forecast (the input's length, 2–100).", "شبکه برای پیش‌بینی چند مقدار گذشته را می‌بیند (طول ورودی، ۲ تا ۱۰۰).";
    Horizon => "Horizon", "افق";
    HelpHorizon => "How many steps ahead the target lies (1 = the next value).", "هدف چند گام جلوتر است (۱ = مقدار بعدی).";
    SeqLen => "Sequence length", "طول دنباله";
    HelpSeqLen => "Steps of the adding problem: the two marked numbers lie this far apart at most. Longer is harder to remember (4–200).", "گام‌های مسئلهٔ جمع: دو عدد نشان‌دار حداکثر این‌قدر از هم دورند. هرچه بلندتر، به خاطر سپردن سخت‌تر (۴ تا ۲۰۰).";
    Clip => "Gradient clipping", "بریدن گرادیان";
    HelpClip => "Largest gradient norm: a longer gradient is scaled down to this length before the step, which keeps recurrent networks from exploding (0 = off).", "بیشینهٔ نُرم گرادیان: گرادیان بلندتر پیش از گام به این طول کوچک می‌شود تا شبکه‌های بازگشتی منفجر نشوند (۰ = خاموش).";
    HelpImageSize => "Side of the generated shape images in pixels (8–32).", "ضلع تصویرهای شکل‌ها بر حسب پیکسل (۸ تا ۳۲).";
    TrainN => "Training images used", "تصویرهای آموزشی به کار رفته";
    HelpTrainN => "Train on only this many of the training split's images, taken class by class so every class has its share (0: all of them). The test images stay the same, so runs with more or less data are compared on one test.", "فقط با این تعداد از تصویرهای بخش آموزش آموزش بده؛ دسته به دسته برداشته می‌شوند تا هر دسته سهمش را داشته باشد (۰: همه). تصویرهای آزمون همان می‌مانند، پس اجراهایی با دادهٔ کمتر یا بیشتر روی یک آزمون مقایسه می‌شوند.";
    PanelImagePrep => "Image preparation", "آماده‌سازی تصویر";
    PanelAugment => "Augmentation", "افزایش داده";
    Lighting => "Uneven lighting", "نور ناهمگن";
    HelpLighting => "Strength of uneven lighting, 0–1: each image gets a brightness gradient at a random angle, a vignette and a gamma. Lighting belongs to the camera, so it changes training and test images alike.", "شدت نور ناهمگن، ۰ تا ۱: هر تصویر یک شیب روشنایی با زاویهٔ تصادفی، تاریکی لبه‌ها و یک گاما می‌گیرد. نور ویژگی دوربین است، پس تصویرهای آموزش و آزمون را یکسان تغییر می‌دهد.";
    Contrast => "Contrast", "کنتراست";
    HelpContrast => "Contrast kept, 0.1–1 (1 = unchanged): every pixel is pulled toward mid-grey, x ↦ ½ + contrast·(x − ½). Training and test alike.", "کنتراست باقی‌مانده، ۰٫۱ تا ۱ (۱ = بدون تغییر): هر پیکسل به سمت خاکستری میانه کشیده می‌شود، x ↦ ½ + کنتراست·(x − ½). برای آموزش و آزمون یکسان.";
    PixelNoise => "Sensor noise", "نویز حسگر";
    HelpPixelNoise => "Standard deviation of Gaussian noise added to every pixel after the lighting, 0–0.5 (dark parts suffer most). Training and test alike.", "انحراف معیار نویز گاوسی که پس از نور به هر پیکسل افزوده می‌شود، ۰ تا ۰٫۵ (بخش‌های تاریک بیشتر آسیب می‌بینند). برای آموزش و آزمون یکسان.";
    Equalize => "Histogram equalization", "یکسان‌سازی هیستوگرام";
    HelpEqualize => "Per image, before scaling. Global: maps each pixel to the share of the image's pixels darker than it (scikit-image's equalize_hist), so a darker or lower-contrast image comes out the same. CLAHE: the same per tile, with the contrast it adds limited, for light that varies across the image.", "برای هر تصویر، پیش از مقیاس‌بندی. سراسری: هر پیکسل به سهم پیکسل‌های تاریک‌تر از آن در تصویر نگاشته می‌شود (equalize_hist در scikit-image)، پس تصویر تاریک‌تر یا کم‌کنتراست‌تر همان نتیجه را می‌دهد. CLAHE: همین کار در هر کاشی، با کنتراست افزوده‌شدهٔ محدود، برای نوری که در پهنهٔ تصویر تغییر می‌کند.";
    EqualizeNone => "none", "هیچ";
    EqualizeGlobal => "global", "سراسری";
    EqualizeClahe => "CLAHE (adaptive)", "CLAHE (تطبیقی)";
    ClaheTiles => "CLAHE tiles per side", "کاشی‌های CLAHE در هر ضلع";
    HelpClaheTiles => "CLAHE splits each image into this many tiles per side (1–8) and equalizes each; pixels blend the mappings of the nearest tile centres. More tiles follow faster changes of light but exaggerate noise.", "CLAHE هر تصویر را در هر ضلع به این تعداد کاشی (۱ تا ۸) تقسیم و هر کاشی را یکسان‌سازی می‌کند؛ هر پیکسل نگاشت‌های نزدیک‌ترین مرکزهای کاشی را می‌آمیزد. کاشی بیشتر تغییرهای تندتر نور را دنبال می‌کند ولی نویز را بزرگ می‌کند.";
    ClaheClip => "CLAHE clip limit", "حد برش CLAHE";
    HelpClaheClip => "Largest share of a tile's pixels one grey level may hold (0.001–1, scikit-image's clip_limit); the excess is spread over all levels. Lower limits add less contrast; 1 never clips.", "بیشترین سهم پیکسل‌های یک کاشی که یک سطح خاکستری می‌تواند داشته باشد (۰٫۰۰۱ تا ۱، clip_limit در scikit-image)؛ مازاد میان همهٔ سطح‌ها پخش می‌شود. حد کمتر کنتراست کمتری می‌افزاید؛ ۱ هرگز برش نمی‌دهد.";
    PerImage => "Per-image normalization", "نرمال‌سازی هر تصویر";
    HelpPerImage => "After equalization, each image on its own: standardize (subtract the image's mean, divide by its standard deviation) or min-max (to 0–1). The per-pixel scaling above comes after it.", "پس از یکسان‌سازی، هر تصویر جداگانه: استانداردسازی (کم کردن میانگین تصویر و تقسیم بر انحراف معیارش) یا کمینه–بیشینه (به ۰ تا ۱). مقیاس‌بندی پیکسل‌به‌پیکسل بالا پس از آن می‌آید.";
    PerImageNone => "none", "هیچ";
    PerImageStandardize => "standardize", "استانداردسازی";
    PerImageMinMax => "min-max", "کمینه–بیشینه";
    LightingNote => "Lighting, contrast and sensor noise belong to the camera: they change training and test images alike. Equalization and normalization are applied to every image, also at test time.", "نور، کنتراست و نویز حسگر ویژگی دوربین‌اند: تصویرهای آموزش و آزمون را یکسان تغییر می‌دهند. یکسان‌سازی و نرمال‌سازی روی همهٔ تصویرها، در آزمون هم، اعمال می‌شوند.";
    PrepBefore => "before", "پیش از";
    PrepAfter => "after", "پس از";
    PrepSamplesLabel => "Training images before preparation (as the camera gave them) and after it (equalized and normalized), each with its histogram", "تصویرهای آموزش پیش از آماده‌سازی (همان‌گونه که دوربین داده) و پس از آن (یکسان‌سازی و نرمال‌شده)، هر یک با هیستوگرامش";
    AugShift => "Random shift", "جابه‌جایی تصادفی";
    HelpAugShift => "Largest shift, as a share of the image's side (0–0.3); each image moves by a random amount up to it, every epoch. 0 = off.", "بیشترین جابه‌جایی، به صورت سهمی از ضلع تصویر (۰ تا ۰٫۳)؛ هر تصویر در هر دوره تا این اندازه به‌طور تصادفی جابه‌جا می‌شود. ۰ = خاموش.";
    AugRotate => "Random rotation (degrees)", "چرخش تصادفی (درجه)";
    HelpAugRotate => "Largest rotation about the centre, 0–45 degrees. 0 = off.", "بیشترین چرخش حول مرکز، ۰ تا ۴۵ درجه. ۰ = خاموش.";
    AugScale => "Random zoom", "بزرگ‌نمایی تصادفی";
    HelpAugScale => "Largest relative zoom in or out, 0–0.3 (0.1 = up to 10 % larger or smaller). 0 = off.", "بیشترین بزرگ یا کوچک‌نمایی نسبی، ۰ تا ۰٫۳ (۰٫۱ = تا ۱۰٪ بزرگ‌تر یا کوچک‌تر). ۰ = خاموش.";
    AugFlip => "Random horizontal flip", "قرینهٔ افقی تصادفی";
    HelpAugFlip => "Mirror half of the images left to right. Off by default: a mirrored digit can be another digit or none, so it teaches the wrong thing here.", "نیمی از تصویرها چپ‌به‌راست قرینه می‌شوند. به‌طور پیش‌فرض خاموش: رقم قرینه‌شده می‌تواند رقم دیگری یا هیچ رقمی باشد، پس اینجا چیز نادرستی می‌آموزد.";
    AugElastic => "Elastic deformation", "تغییر شکل کشسان";
    HelpAugElastic => "Strength 0–1 of a smooth random warp, like a hand's wobble (Simard et al. 2003; 1 = their setting α = 34, σ = 4 for 28-pixel images). 0 = off.", "شدت ۰ تا ۱ یک تاب‌خوردگی نرم تصادفی، مانند لرزش دست (سیمارد و همکاران ۲۰۰۳؛ ۱ = تنظیم آن‌ها α = ۳۴، σ = ۴ برای تصویرهای ۲۸ پیکسلی). ۰ = خاموش.";
    AugBright => "Brightness and contrast jitter", "نوسان روشنایی و کنتراست";
    HelpAugBright => "Largest random change of brightness (added) and of contrast (relative), 0–0.5. 0 = off.", "بیشترین تغییر تصادفی روشنایی (افزودنی) و کنتراست (نسبی)، ۰ تا ۰٫۵. ۰ = خاموش.";
    AugNoise => "Random noise", "نویز تصادفی";
    HelpAugNoise => "Standard deviation of Gaussian noise added to each training image, 0–0.5. 0 = off.", "انحراف معیار نویز گاوسی افزوده به هر تصویر آموزش، ۰ تا ۰٫۵. ۰ = خاموش.";
    AugCutout => "Cutout", "برش مربعی";
    HelpAugCutout => "Side of a black square cut out at a random place, as a share of the image's side, 0–0.5 (DeVries & Taylor 2017). 0 = off.", "ضلع یک مربع سیاه که در جایی تصادفی بریده می‌شود، به صورت سهمی از ضلع تصویر، ۰ تا ۰٫۵ (دوریس و تیلور ۲۰۱۷). ۰ = خاموش.";
    AugmentNote => "Augmentation makes new training images from the old ones, drawn afresh every epoch. It never touches the test split: test images stay as they are.", "افزایش داده از تصویرهای آموزش، تصویرهای تازه می‌سازد که در هر دوره از نو کشیده می‌شوند. هرگز به بخش آزمون دست نمی‌زند: تصویرهای آزمون همان‌گونه که هستند می‌مانند.";
    AugmentPreview => "One training image (first) and 15 augmented versions of it", "یک تصویر آموزش (نخست) و ۱۵ نسخهٔ افزوده از آن";
    Image => "image", "تصویر";
    AnotherImage => "Another image", "تصویری دیگر";
    HelpAnotherImage => "Show the augmentations of another training image.", "افزوده‌های تصویر آموزش دیگری را نشان بده.";
    AugmentOff => "Augmentation is off: move a control above to see its effect here.", "افزایش داده خاموش است: یکی از کنترل‌های بالا را حرکت دهید تا اثرش را اینجا ببینید.";
    Layers => "Layers", "لایه‌ها";
    HelpLayers => "The layers before the output, as a list: dN dense with N units, cNkK convolution with N filters K×K (cNkKsS: stride S), mpK max pooling K×K, apK average pooling. The output layer follows the task.", "لایه‌های پیش از خروجی، به صورت فهرست: dN لایهٔ کاملاً متصل با N واحد، cNkK کانولوشن با N فیلتر K×K (cNkKsS: گام S)، mpK ادغام بیشینه K×K، apK ادغام میانگین. لایهٔ خروجی از نوع مسئله پیروی می‌کند.";
    AddConv => "Add a convolution layer", "افزودن لایهٔ کانولوشن";
    PresetSeqMlp => "MLP 32 (the wrong network)", "MLP ۳۲ (شبکهٔ نامناسب)";
    PresetSeqMlpFrom => "A dense layer sees the whole sequence at once and must learn every position separately.", "لایهٔ کاملاً متصل همهٔ دنباله را یک‌جا می‌بیند و باید هر جایگاه را جداگانه یاد بگیرد.";
    PresetSeqCnn => "1-D CNN", "CNN یک‌بعدی";
    PresetSeqCnnFrom => "Filters slide along time, so a pattern is found wherever it lies (MNIST-1D's convolutional baseline).", "فیلترها در طول زمان می‌لغزند، پس الگو هر جا باشد پیدا می‌شود (خط پایهٔ کانولوشنی MNIST-1D).";
    PresetSeqRnn => "Plain RNN 16", "RNN سادهٔ ۱۶";
    PresetSeqRnnFrom => "Elman's network (1990): one tanh state carried from step to step; forgets over long gaps.", "شبکهٔ المن (۱۹۹۰): یک حالت tanh که گام‌به‌گام منتقل می‌شود؛ در فاصله‌های بلند فراموش می‌کند.";
    PresetSeqLstm => "LSTM 16", "LSTM ۱۶";
    PresetSeqLstmFrom => "Hochreiter and Schmidhuber (1997): a cell with input, forget and output gates that keeps information for many steps.", "هوخرایتر و اشمیدهوبر (۱۹۹۷): سلولی با دروازه‌های ورودی، فراموشی و خروجی که اطلاعات را گام‌های زیادی نگه می‌دارد.";
    PresetSeqGru => "GRU 16", "GRU ۱۶";
    PresetSeqGruFrom => "Cho et al. (2014): a lighter gated cell (reset and update gates), often as good as an LSTM.", "چو و همکاران (۲۰۱۴): سلول دروازه‌دار سبک‌تر (دروازه‌های بازنشانی و به‌روزرسانی) که اغلب هم‌پای LSTM است.";
    SeqForecastTitle => "The series and the forecast", "سری و پیش‌بینی";
    SeqFitTitle => "Prediction against target", "پیش‌بینی در برابر هدف";
    HelpSeqForecast => "Grey: the true series. Blue: the network's forecast on the training windows; orange: on the test windows it never trained on (after the dashed line). A good forecast follows the grey line on both sides.", "خاکستری: سری واقعی. آبی: پیش‌بینی شبکه روی پنجره‌های آموزش؛ نارنجی: روی پنجره‌های آزمون که هرگز با آن‌ها آموزش ندیده (پس از خط‌چین). پیش‌بینی خوب در هر دو سو خط خاکستری را دنبال می‌کند.";
    HelpSeqFit => "Each dot is one sequence: its true sum (across) and the network's answer (up); blue for training, orange for test. A network that solved the task puts every dot on the dashed diagonal; one that always answers the mean makes a flat row.", "هر نقطه یک دنباله است: جمع واقعی آن (افقی) و پاسخ شبکه (عمودی)؛ آبی برای آموزش، نارنجی برای آزمون. شبکه‌ای که مسئله را حل کرده همهٔ نقطه‌ها را روی قطر خط‌چین می‌گذارد؛ شبکه‌ای که همیشه میانگین را می‌گوید یک ردیف صاف می‌سازد.";
    SeqExamplesTitle => "Sequences", "دنباله‌ها";
    HelpSeqExamples => "Test sequences with the network's answer under each: target → prediction, or the class when it is right (before training: training sequences and their targets). A red frame marks a wrong class; red dots mark the adding problem's two marked steps.", "دنباله‌های آزمون با پاسخ شبکه زیر هر کدام: هدف ← پیش‌بینی، یا خود دسته وقتی درست است (پیش از آموزش: دنباله‌های آموزش و هدفشان). قاب قرمز یعنی دستهٔ نادرست؛ نقطه‌های قرمز دو گام نشان‌دار مسئلهٔ جمع‌اند.";
    SeqStatesTitle => "Inside the network over time", "درون شبکه در طول زمان";
    SeqChosen => "test sequence", "دنبالهٔ آزمون";
    SeqPrevExample => "Previous test sequence", "دنبالهٔ آزمون قبلی";
    SeqNextExample => "Next test sequence", "دنبالهٔ آزمون بعدی";
    SeqNoStates => "This network has no recurrent or convolution layer: it sees the whole sequence at once, with no state over time.", "این شبکه لایهٔ بازگشتی یا کانولوشنی ندارد: همهٔ دنباله را یک‌جا می‌بیند و حالتی در طول زمان ندارد.";
    HelpSeqStates => "The network unrolled over time for the chosen sequence: one row per unit of the first recurrent layer (or the first convolution's filters), one column per time step; blue is positive, orange negative. Watch what the units remember.", "شبکهٔ بازشده در طول زمان برای دنبالهٔ انتخاب‌شده: یک سطر برای هر واحد نخستین لایهٔ بازگشتی (یا فیلترهای نخستین کانولوشن)، یک ستون برای هر گام زمانی؛ آبی مثبت، نارنجی منفی. ببینید واحدها چه چیزی را به خاطر می‌سپارند.";
    SeqGradsTitle => "Gradient reaching each time step", "گرادیانی که به هر گام زمانی می‌رسد";
    SeqGradRatio => "first step ÷ last step:", "گام نخست ÷ گام آخر:";
    HelpSeqGrads => "How strongly an example's loss reaches back to the hidden state at each step (mean over 64 training sequences, log scale). In a plain RNN it shrinks by a factor at every step back (vanishing gradient), so early inputs barely change the weights; LSTM and GRU gates keep it alive.", "قدرت رسیدن خطای هر نمونه به حالت پنهان در هر گام (میانگین روی ۶۴ دنبالهٔ آموزش، مقیاس لگاریتمی). در RNN ساده در هر گام به عقب چند برابر کوچک می‌شود (محوشدن گرادیان)، پس ورودی‌های آغازین وزن‌ها را به‌سختی تغییر می‌دهند؛ دروازه‌های LSTM و GRU آن را زنده نگه می‌دارند.";
    HelpSeqGradsInput => "How strongly an example's loss depends on the input at each step (mean over 64 training sequences, log scale). This network has no recurrent layer, so this is the gradient at the input.", "میزان وابستگی خطای هر نمونه به ورودی در هر گام (میانگین روی ۶۴ دنبالهٔ آموزش، مقیاس لگاریتمی). این شبکه لایهٔ بازگشتی ندارد، پس این گرادیان در ورودی است.";
    SeqOf => "sequences of", "دنباله با";
    SeqSteps => "steps", "گام";
    SeqTime => "time", "زمان";
    SeqTimeStep => "time step", "گام زمانی";
    SeqTrainPart => "train ◂", "◂ آموزش";
    SeqTestPart => "▸ test", "آزمون ▸";
    SeqTarget => "target", "هدف";
    SeqPrediction => "prediction", "پیش‌بینی";
    SeqTargetShort => "target", "هدف";
    SeqClass => "class", "دسته";
    SeqUnit => "unit", "واحد";
    SeqGradHidden => "‖∂loss/∂h_t‖", "‖∂loss/∂h_t‖";
    SeqGradInput => "‖∂loss/∂x_t‖", "‖∂loss/∂x_t‖";
    AddRnnShort => "+ recurrent", "+ بازگشتی";
    AddRnn => "Add a recurrent layer", "افزودن لایهٔ بازگشتی";
    HelpAddRnn => "Add a recurrent layer (a GRU of 16 units) before the dense layers: it reads the sequence step by step and carries a hidden state from each step to the next.", "افزودن لایهٔ بازگشتی (یک GRU با ۱۶ واحد) پیش از لایه‌های کاملاً متصل: دنباله را گام‌به‌گام می‌خواند و حالت پنهانی را از هر گام به گام بعد می‌برد.";
    CellKind => "cell", "نوع سلول";
    HelpCellKind => "The recurrent cell: a plain RNN (tanh) forgets fast; an LSTM and a GRU have gates that decide what to keep, so they remember over many steps.", "سلول بازگشتی: RNN ساده (tanh) زود فراموش می‌کند؛ LSTM و GRU دروازه‌هایی دارند که تصمیم می‌گیرند چه بماند، پس در گام‌های زیاد به خاطر می‌سپارند.";
    CellRnn => "RNN (plain)", "RNN (ساده)";
    CellLstm => "LSTM", "LSTM";
    CellGru => "GRU", "GRU";
    Units => "units", "واحد";
    AddConvShort => "+ conv", "+ کانولوشن";
    HelpAddConv => "Add a convolution layer (8 filters 3×3) before the dense layers: each filter slides over the image and detects one local pattern.", "افزودن یک لایهٔ کانولوشن (۸ فیلتر ۳×۳) پیش از لایه‌های کاملاً متصل: هر فیلتر روی تصویر می‌لغزد و یک الگوی محلی را می‌یابد.";
    AddPool => "Add a pooling layer", "افزودن لایهٔ ادغام";
    AddPoolShort => "+ pool", "+ ادغام";
    HelpAddPool => "Add a 2×2 max-pooling layer before the dense layers: it keeps the largest value of each 2×2 block, halving the image's side.", "افزودن لایهٔ ادغام بیشینهٔ ۲×۲ پیش از لایه‌های کاملاً متصل: بزرگ‌ترین مقدار هر بلوک ۲×۲ را نگه می‌دارد و ضلع تصویر را نصف می‌کند.";
    RemoveThisLayer => "Remove layer", "حذف لایهٔ";
    ParamsShort => "parameters", "پارامتر";
    TotalParameters => "Parameters in all:", "کل پارامترها:";
    KindDense => "dense", "کاملاً متصل";
    KindConv => "conv", "کانولوشن";
    KindMaxPool => "max pool", "ادغام بیشینه";
    KindAvgPool => "average pool", "ادغام میانگین";
    Filters => "filters", "فیلتر";
    KernelSize => "kernel size", "اندازهٔ هسته";
    HelpKernelSize => "The side of each filter (K×K pixels); the image keeps its size (same padding).", "ضلع هر فیلتر (K×K پیکسل)؛ تصویر اندازه‌اش را حفظ می‌کند (لایه‌گذاری هم‌اندازه).";
    Stride => "stride", "گام";
    PoolKind => "pooling", "ادغام";
    HelpPool => "Pooling K×K with stride K: max keeps the largest value of each block, average their mean.", "ادغام K×K با گام K: بیشینه بزرگ‌ترین مقدار هر بلوک را نگه می‌دارد و میانگین، میانگین آن‌ها را.";
    ArchTooMany => "Too many layers; the most is", "تعداد لایه‌ها زیاد است؛ بیشینه";
    ArchNeedsImage => "needs images or sequences: convolution and pooling work on images (2-D) and sequences (1-D), before any dense layer.", "به تصویر یا دنباله نیاز دارد: کانولوشن و ادغام روی تصویر (دوبعدی) و دنباله (یک‌بعدی) کار می‌کنند، پیش از هر لایهٔ کاملاً متصل.";
    ArchNeedsSequence => "needs a sequence: a recurrent layer (RNN, LSTM, GRU) reads time steps, so it works on sequence data, before any dense layer.", "به دنباله نیاز دارد: لایهٔ بازگشتی (RNN، LSTM، GRU) گام‌های زمانی را می‌خواند، پس روی دادهٔ دنباله‌ای و پیش از هر لایهٔ کاملاً متصل کار می‌کند.";
    ArchTooSmall => "would shrink the image below 1×1 pixel; its input is", "تصویر را کوچک‌تر از ۱×۱ پیکسل می‌کند؛ ورودی آن";
    ShapeCircle => "circle", "دایره";
    ShapeSquare => "square", "مربع";
    ShapeTriangle => "triangle", "مثلث";
    ShapeCross => "cross", "ضربدر";
    ShapeRing => "ring", "حلقه";
    ShapeEllipse => "ellipse", "بیضی";
    ShapeHalfDisk => "half disk", "نیم‌دایره";
    ShapeStar => "star", "ستاره";
    ShapeCorner => "corner", "گوشه";
    ShapeBar => "bar", "میله";
    GalleryTitle => "Test images and predictions", "تصویرهای آزمون و پیش‌بینی‌ها";
    HelpGallery => "The first test images with the network's predicted class under each; a wrong one is framed in red and reads true → predicted. Click an image (or focus the gallery and use the arrow keys) to see its feature maps below.", "نخستین تصویرهای آزمون با کلاس پیش‌بینی‌شدهٔ شبکه زیر هر یک؛ پیش‌بینی نادرست با قاب قرمز و به صورت «درست ← پیش‌بینی» نشان داده می‌شود. روی یک تصویر کلیک کنید (یا گالری را انتخاب کنید و از کلیدهای جهت استفاده کنید) تا نقشه‌های ویژگی آن را در پایین ببینید.";
    ConfusionTitle => "Confusion matrix (test)", "ماتریس درهم‌ریختگی (آزمون)";
    HelpConfusion => "Row: the true class; column: the predicted class. The diagonal holds the right answers; a dark cell off the diagonal shows two classes the network confuses. Right of each row: that class's accuracy.", "سطر: کلاس درست؛ ستون: کلاس پیش‌بینی‌شده. قطر اصلی پاسخ‌های درست است؛ خانهٔ تیره بیرون از قطر دو کلاسی را نشان می‌دهد که شبکه با هم اشتباه می‌گیرد. سمت راست هر سطر: دقت آن کلاس.";
    MapsTitle => "Filters and feature maps", "فیلترها و نقشه‌های ویژگی";
    HelpMaps => "First row: the first convolution's filters (blue positive, orange negative weights). Then, for the chosen image, each layer's output channel by channel (brighter = larger): where each filter fired. A network without convolutions has no maps.", "سطر نخست: فیلترهای نخستین لایهٔ کانولوشن (آبی وزن مثبت، نارنجی وزن منفی). سپس برای تصویر انتخاب‌شده، خروجی هر لایه کانال به کانال (روشن‌تر = بزرگ‌تر): جایی که هر فیلتر فعال شده است. شبکهٔ بدون کانولوشن نقشه‌ای ندارد.";
    WrongShown => "of the shown test images wrong", "از تصویرهای آزمونِ نشان‌داده‌شده نادرست";
    PerClassAccuracy => "accuracy per class", "دقت هر کلاس";
    ChosenImage => "image", "تصویر";
    ChooseImageHint => "click a test image to see its feature maps", "برای دیدن نقشه‌های ویژگی روی یک تصویر آزمون کلیک کنید";
    ImagesOf => "images of", "تصویرهای";
    ToTrain => "to train", "برای آموزش";
    ToTest => "to test", "برای آزمون";
    Relabelled => "training images relabelled (label noise)", "تصویر آموزشی با برچسب عوض‌شده (نوفه برچسب)";
    SurfaceOver => "loss over", "خطا روی";
    Of => "of", "از";
    TrainingExamples => "training examples (a fixed subset, for speed)", "نمونهٔ آموزشی (زیرمجموعه‌ای ثابت، برای سرعت)";
    PbTooFewOwn => "Your own data needs at least 2 points (some to train on, some to test); it has", "دادهٔ خودتان دست‌کم ۲ نقطه لازم دارد (چندتایی برای آموزش و چندتایی برای آزمون)؛ تعداد فعلی:";
    PbTooFewOwnHint => "Paste a CSV or click on the plot to add points.", "یک CSV بچسبانید یا برای افزودن نقطه روی نمودار کلیک کنید.";
    PbTooFewPoints => "At least 2 examples are needed.", "دست‌کم ۲ نمونه لازم است.";
    PbNoFeature => "Choose at least one input feature.", "دست‌کم یک ویژگی ورودی انتخاب کنید.";
    PbNoTestLeft => "No test examples are left: use more points or a smaller training share.", "هیچ نمونهٔ آزمونی نماند: نقاط بیشتر یا سهم آموزش کمتری انتخاب کنید.";
    PbLossNeedsClasses => "loss needs a classification dataset (regression takes mean squared error).", "به مجموعه‌دادهٔ دسته‌بندی نیاز دارد (رگرسیون فقط میانگین مربعات خطا را می‌پذیرد).";
    PbBatchZero => "The batch size must be at least 1.", "اندازهٔ دسته باید دست‌کم ۱ باشد.";
    PbCleanedAll => "Cleaning removed every training point; lower the corruption rates, or fill missing values with the mean. Training points before cleaning:", "پاک‌سازی همهٔ نقاط آموزشی را حذف کرد؛ نرخ خرابی را کم کنید یا مقادیر گم‌شده را با میانگین پر کنید. نقاط آموزشی پیش از پاک‌سازی:";
    PbMissing => "Some points have a missing value (NaN), and a network cannot compute with NaN: its loss would be NaN from the first step. Turn on cleaning: it drops those points, or fills them with the training mean.", "برخی نقاط مقدار گم‌شده (NaN) دارند و شبکه نمی‌تواند با NaN محاسبه کند: خطایش از گام نخست NaN می‌شود. پاک‌سازی را روشن کنید تا آن نقاط حذف یا با میانگین آموزشی پر شوند.";
    PbTrainWith => "training points with a missing value:", "نقطهٔ آموزشی با مقدار گم‌شده:";
    PbTestWith => "test points with a missing value:", "نقطهٔ آزمون با مقدار گم‌شده:";
    PbDropout => "A dropout rate must be from 0 to", "نرخ حذف تصادفی باید از ۰ تا";
    PbImagePoints => "The number of images must be from", "تعداد تصویرها باید از";
    PbImageSize => "The image side must be from", "ضلع تصویر باید از";
    PbImageNoise => "The image noise must be from 0 to", "نوفهٔ تصویر باید از ۰ تا";
    PbSeqNoise => "The noise must be from 0 to", "نوفه باید از ۰ تا";
    PbImageFraction => "The training share must be strictly between 0 and 1.", "سهم آموزش باید بین ۰ و ۱ باشد.";
    PbImageAsset => "The shipped digits file is damaged (reinstall the page).", "پروندهٔ ارقام همراه برنامه آسیب دیده است (صفحه را دوباره نصب کنید).";
    PbCurveSizes => "Learning-curve sizes must be from 2 to", "اندازه‌های منحنی یادگیری باید از ۲ تا";
    PbClaimSize => "A claim check takes 1 to N runs of 1 to M epochs; N / M:", "بررسی یک ادعا ۱ تا N اجرا، هر یک ۱ تا M دوره، می‌گیرد؛ N / M:";
    PbSearchSettings => "An architecture search needs patience 1 to 10, a gain of 0 or more, bounds from low to high, 1 to N trials and 1 to M epochs a network; N / M:", "جست‌وجوی معماری به صبر ۱ تا ۱۰، بهبود ۰ یا بیشتر، بازه‌هایی از کم به زیاد، ۱ تا N آزمایش و ۱ تا M دوره برای هر شبکه نیاز دارد؛ N / M:";
    PbCurveTooFew => "Not enough examples for a learning curve; training examples:", "نمونه برای منحنی یادگیری کافی نیست؛ نمونه‌های آموزشی:";
    PbWeightsMissing => "The weights file has no tensor", "پروندهٔ وزن‌ها تانسوری ندارد به نام";
    PbWeightsShape => "has another shape in the weights file than in the network:", "در پروندهٔ وزن‌ها شکلی دیگر از شبکه دارد:";
    PretrainedDigits04 => "CNN trained on digits 0–4", "CNN آموخته بر ارقام ۰ تا ۴";
    PretrainedShapes => "CNN trained on shapes", "CNN آموخته بر شکل‌ها";
    PbWeightsFile => "This is not a weights file (safetensors):", "این پروندهٔ وزن‌ها (safetensors) نیست:";
    PbPretrainedMissing => "The pretrained model is loading (or could not be loaded):", "مدل ازپیش‌آموخته در حال بارگذاری است (یا بارگذاری نشد):";
    PbPretrainedLayers => "The layers must be the pretrained model's to take its weights; choose its layers again, or no pretrained model:", "برای گرفتن وزن‌های مدل ازپیش‌آموخته، لایه‌ها باید همان لایه‌های آن باشند؛ لایه‌هایش را دوباره برگزینید یا مدل ازپیش‌آموخته را بردارید:";
    PbHeadClasses => "The pretrained output layer has another number of classes than this task, so the head must be new; outputs / classes:", "لایهٔ خروجی ازپیش‌آموخته شمار دسته‌های دیگری دارد، پس سر باید نو باشد؛ خروجی‌ها / دسته‌ها:";
    PbBaseRateScale => "The transferred layers' rate scale must be from 0 to 1; it is", "ضریب نرخ لایه‌های منتقل‌شده باید از ۰ تا ۱ باشد؛ هست";
    PbBowlShape => "The bowl needs a condition number of at least 1 and a finite rotation; it has", "کاسه عدد حالتی دست‌کم ۱ و چرخشی متناهی می‌خواهد؛ دارد";
    PbRaceRacers => "A race has at most this many racers:", "یک مسابقه حداکثر این تعداد شرکت‌کننده دارد:";
    PbRaceSteps => "A race has at most this many steps:", "یک مسابقه حداکثر این تعداد گام دارد:";
    PbLabSize => "The back-propagation lab's network has 1–3 inputs, 0–2 hidden layers of 1–4 neurons and 1–2 outputs; this one has", "شبکهٔ آزمایشگاه پس‌انتشار ۱ تا ۳ ورودی، ۰ تا ۲ لایهٔ پنهان با ۱ تا ۴ نورون و ۱ تا ۲ خروجی دارد؛ این یکی دارد";
    PbLabCeNeedsSigmoid => "Cross-entropy treats each output as a probability: choose the sigmoid output activation.", "آنتروپی متقاطع هر خروجی را احتمال می‌گیرد: تابع فعال‌سازی سیگموید را برای خروجی برگزینید.";
    PbLabRate => "The learning rate must be a positive number, not", "نرخ یادگیری باید عددی مثبت باشد، نه";
    PbLabWeights => "The weights do not fit the network; neurons per layer, inputs first:", "وزن‌ها با شبکه جور نیستند؛ نورون‌های هر لایه، از ورودی:";
    PbLabBatch => "A mini-batch has 1 to this many examples:", "یک دستهٔ کوچک ۱ تا این تعداد نمونه دارد:";
    PbLabExample => "Each example needs this many inputs and targets (numbers):", "هر نمونه این تعداد ورودی و هدف (عدد) می‌خواهد:";
    PbInternal => "Internal error:", "خطای درونی:";
    LayerTokens => "layers: dN, cNkK, cNkKsS, mpK, apK", "لایه: dN، cNkK، cNkKsS، mpK، apK";
    Missing => "Missing values", "مقادیر گمشده";
    HelpMissing => "Share of the training points (0–1) in which one coordinate is erased (it becomes NaN). A network cannot compute with a missing value: turn on cleaning.", "سهمی از نقاط آموزشی (۰ تا ۱) که یکی از مختصات آن‌ها پاک می‌شود (NaN می‌شود). شبکه با مقدار گمشده نمی‌تواند حساب کند: پاک‌سازی را روشن کنید.";
    Outliers => "Outliers", "داده‌های پرت";
    HelpOutliers => "Share of the training points (0–1) with one coordinate moved far outside the data's range (two to three ranges beyond it).", "سهمی از نقاط آموزشی (۰ تا ۱) که یکی از مختصاتشان به بیرون از بازهٔ داده‌ها برده می‌شود (دو تا سه برابر طول بازه دورتر).";
    LabelNoise => "Wrong labels", "برچسب‌های نادرست";
    HelpLabelNoise => "Share of the training points (0–1) given a wrong label: another class, or for regression a random target from the targets' range. The test points stay correct.", "سهمی از نقاط آموزشی (۰ تا ۱) که برچسب نادرست می‌گیرند: کلاسی دیگر، یا در رگرسیون مقداری تصادفی از بازهٔ مقادیر هدف. نقاط آزمون درست می‌مانند.";
    Clean => "Clean the data", "پاک‌سازی داده‌ها";
    HelpClean => "Before training: remove outliers (|x − median| > 3.5 × 1.4826 × MAD in a coordinate), handle missing values (drop or fill), and remove points whose label disagrees with most of their 7 nearest neighbours. The report says what was removed and why.", "پیش از آموزش: حذف داده‌های پرت (|x − میانه| > ۳٫۵ × ۱٫۴۸۲۶ × MAD در یک مختصه)، رسیدگی به مقادیر گمشده (حذف یا پر کردن)، و حذف نقاطی که برچسبشان با بیشتر ۷ همسایهٔ نزدیکشان ناسازگار است. گزارش می‌گوید چه چیزی و چرا حذف شد.";
    Fill => "When a value is missing", "وقتی مقداری گمشده است";
    HelpFill => "Drop the points with a missing value, or fill the missing coordinate with its mean over the training points (also in the test points).", "نقاط دارای مقدار گمشده حذف شوند، یا مختصهٔ گمشده با میانگین آن روی نقاط آموزشی پر شود (در نقاط آزمون هم).";
    FillDrop => "drop the point", "نقطه حذف شود";
    FillMean => "fill it with the training mean", "با میانگین آموزشی پر شود";
    X1Scale => "x₁ scale", "مقیاس x₁";
    HelpX1Scale => "Multiplies x₁ before anything else (x₁ × scale + offset), as if it were measured in other units; 100 makes a badly scaled feature. The plot keeps the original plane.", "x₁ پیش از هر چیز در این عدد ضرب می‌شود (x₁ × مقیاس + جابه‌جایی)، گویی با یکای دیگری اندازه‌گیری شده است؛ ۱۰۰ یک ویژگی با مقیاس نامناسب می‌سازد. نمودار همان صفحهٔ اصلی را نشان می‌دهد.";
    X1Offset => "x₁ offset", "جابه‌جایی x₁";
    HelpX1Offset => "Added to x₁ after the scale (x₁ × scale + offset).", "پس از مقیاس به x₁ افزوده می‌شود (x₁ × مقیاس + جابه‌جایی).";
    X2Scale => "x₂ scale", "مقیاس x₂";
    HelpX2Scale => "Multiplies x₂ before anything else (x₂ × scale + offset), as if it were measured in other units. The plot keeps the original plane.", "x₂ پیش از هر چیز در این عدد ضرب می‌شود (x₂ × مقیاس + جابه‌جایی)، گویی با یکای دیگری اندازه‌گیری شده است. نمودار همان صفحهٔ اصلی را نشان می‌دهد.";
    X2Offset => "x₂ offset", "جابه‌جایی x₂";
    HelpX2Offset => "Added to x₂ after the scale (x₂ × scale + offset).", "پس از مقیاس به x₂ افزوده می‌شود (x₂ × مقیاس + جابه‌جایی).";
    Features => "Input features", "ویژگی‌های ورودی";
    HelpFeatures => "What the network receives, computed from x₁ and x₂ (after scale and offset): x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂. The input layer has one neuron per chosen feature.", "آنچه شبکه دریافت می‌کند، محاسبه‌شده از x₁ و x₂ (پس از مقیاس و جابه‌جایی): x₁، x₂، x₁²، x₂²، x₁x₂، sin x₁، sin x₂. لایهٔ ورودی برای هر ویژگی انتخاب‌شده یک نورون دارد.";
    FeatX1 => "x₁", "x₁";
    FeatX2 => "x₂", "x₂";
    FeatX1Sq => "x₁²", "x₁²";
    FeatX2Sq => "x₂²", "x₂²";
    FeatX1X2 => "x₁x₂", "x₁x₂";
    FeatSinX1 => "sin(x₁)", "sin(x₁)";
    FeatSinX2 => "sin(x₂)", "sin(x₂)";
    Scaling => "Feature scaling", "مقیاس‌بندی ویژگی‌ها";
    HelpScaling => "Standardize: (v − mean) / standard deviation (population variance, divided by n); min-max: (v − min) / (max − min), to [0, 1]. The statistics come from the training points only and are applied unchanged to the test points and the plot.", "استانداردسازی: (v − میانگین) / انحراف معیار (واریانس جامعه، تقسیم بر n)؛ کمینه-بیشینه: (v − کمینه) / (بیشینه − کمینه)، به بازهٔ [۰، ۱]. آماره‌ها فقط از نقاط آموزشی به دست می‌آیند و بی‌تغییر روی نقاط آزمون و نمودار اعمال می‌شوند.";
    ScalingNone => "None", "هیچ";
    ScalingStandardize => "Standardize (mean 0, variance 1)", "استانداردسازی (میانگین ۰، واریانس ۱)";
    ScalingMinMax => "Min-max to [0, 1]", "کمینه-بیشینه به [۰، ۱]";

    ReportInjected => "Injected into the training points", "واردشده به نقاط آموزشی";
    ReportMissingValues => "missing values", "مقدار گمشده";
    ReportOutliers => "outliers", "دادهٔ پرت";
    ReportWrongLabels => "wrong labels", "برچسب نادرست";
    ReportNotCleaned => "Cleaning is off: the data are used as they are.", "پاک‌سازی خاموش است: داده‌ها همان‌گونه که هستند به کار می‌روند.";
    RuleOutlier => "Outliers: a point is removed when a coordinate x has |x − median| > 3.5 × 1.4826 × MAD (MAD: median absolute deviation; the modified z-score of Iglewicz and Hoaglin)", "داده‌های پرت: نقطه حذف می‌شود اگر برای یک مختصهٔ x داشته باشیم |x − میانه| > 3.5 × 1.4826 × MAD (MAD: میانهٔ قدرمطلق انحراف‌ها از میانه؛ نمرهٔ z اصلاح‌شدهٔ ایگلویچ و هوگلین)";
    ReportKept => "kept", "بازهٔ نگه‌داشته";
    RuleMissingDrop => "Missing values: the point is removed.", "مقادیر گمشده: نقطه حذف می‌شود.";
    RuleMissingMean => "Missing values: filled with the training mean of that coordinate", "مقادیر گمشده: با میانگین آموزشی همان مختصه پر می‌شوند";
    RuleWrongLabel => "Suspected wrong labels: a point is removed when fewer than 4 of its 7 nearest neighbours (coordinates divided by their standard deviation) share its label.", "برچسب‌های مشکوک: نقطه حذف می‌شود اگر کمتر از ۴ تا از ۷ همسایهٔ نزدیکش (مختصات تقسیم بر انحراف معیارشان) برچسب آن را داشته باشند.";
    RuleWrongTarget => "Suspected wrong targets: a point is removed when its target differs from the median target of its 7 nearest neighbours by more than 3.5 robust standard deviations of such differences.", "مقادیر هدف مشکوک: نقطه حذف می‌شود اگر تفاوت مقدار هدفش با میانهٔ هدف ۷ همسایهٔ نزدیکش بیش از ۳٫۵ انحراف معیار مقاوم این تفاوت‌ها باشد.";
    ReportRemoved => "Removed", "حذف‌شده";
    ReportFilled => "filled", "پرشده";
    ReportDropped => "dropped", "حذف‌شده";
    ReasonMissing => "missing value", "مقدار گمشده";
    ReasonOutlier => "outlier in", "پرت در";
    ReasonWrongLabel => "label unlike its neighbours'", "برچسب ناسازگار با همسایه‌ها";
    ReasonWrongTarget => "target unlike its neighbours'", "مقدار هدف ناسازگار با همسایه‌ها";
    ReportTest => "Test points with a missing value", "نقاط آزمون با مقدار گمشده";
    ReportFittedOn => "fitted on", "برازش‌شده روی";
    ReportTrainingPoints => "training points", "نقطهٔ آموزشی";

    CsvNotANumber => "not a number", "عدد نیست";
    CsvNoLabel => "the label is missing", "برچسب وجود ندارد";
    CsvMissingField => "missing field (expected x1,x2,label)", "فیلد کم است (قالب مورد انتظار: x1,x2,label)";
    CsvExtraField => "too many fields (expected x1,x2,label)", "فیلد اضافه (قالب مورد انتظار: x1,x2,label)";
    CsvLine => "line", "سطر";
    CsvColumn => "column", "ستون";
    CsvTooManyRows => "Too many rows: the file is refused", "سطرها بیش از حد است: پرونده پذیرفته نشد";
    CsvRows => "rows", "سطر";
    CsvAtMost => "at most", "حداکثر";
    CsvNoRows => "No row could be read.", "هیچ سطری خوانده نشد.";

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

    Init => "Initial weights", "وزن‌های اولیه";
    HelpInit => "How the weights are drawn before training: uniform ±0.5, Xavier/Glorot (size-aware), He (for ReLU), or all zeros (every neuron stays the same: the symmetry problem).", "وزن‌ها پیش از آموزش چگونه انتخاب شوند: یکنواخت ±۰٫۵، زاویر/گلورو (وابسته به اندازهٔ لایه)، هی (برای ReLU)، یا همه صفر (همهٔ نورون‌ها یکسان می‌مانند: مسئلهٔ تقارن).";
    InitUniform => "Uniform ±0.5", "یکنواخت ±۰٫۵";
    InitXavier => "Xavier / Glorot", "زاویر / گلورو";
    InitHe => "He", "هی (He)";
    InitZeros => "Zeros", "صفر";
    Dropout => "Dropout", "حذف تصادفی (Dropout)";
    HelpDropout => "While training, each hidden neuron is switched off at random with this probability and the others are scaled up by 1/(1 − p), with a new choice for every point of every batch; for testing and drawing all neurons are on. Fights overfitting. One rate (0–0.9) for every hidden layer, or a comma list with one per layer.", "هنگام آموزش، هر نورون پنهان با این احتمال به‌طور تصادفی خاموش می‌شود و بقیه در ۱/(۱ − p) ضرب می‌شوند، با انتخابی تازه برای هر نقطه از هر دسته؛ در آزمون و رسم، همهٔ نورون‌ها روشن‌اند. با بیش‌برازش مقابله می‌کند. یک نرخ (۰ تا ۰٫۹) برای همهٔ لایه‌های پنهان، یا فهرستی با ویرگول، یکی برای هر لایه.";
    BatchNorm => "Batch normalization", "نرمال‌سازی دسته‌ای";
    HelpBatchNorm => "Before the activation, each hidden neuron's weighted sum is normalized over the batch to mean 0 and variance 1, then scaled by a learned γ and shifted by a learned β. Testing uses running averages of the batch statistics. 1 (on) or 0 (off) for every hidden layer, or a comma list with one per layer.", "پیش از تابع فعال‌سازی، مجموع وزن‌دار هر نورون پنهان روی دسته به میانگین ۰ و واریانس ۱ نرمال می‌شود، سپس در γ آموختنی ضرب و با β آموختنی جابه‌جا می‌شود. در آزمون، میانگین‌های متحرک آمارهای دسته به کار می‌روند. ۱ (روشن) یا ۰ (خاموش) برای همهٔ لایه‌های پنهان، یا فهرستی با ویرگول، یکی برای هر لایه.";
    LayerFrozen => "frozen", "منجمد";
    Freeze => "Frozen layers", "لایه‌های منجمد";
    HelpFreeze => "A frozen layer (padlock closed) keeps its weights: the optimizer never changes them, and its batch norm keeps its running statistics. Freeze the layers a pretrained model lends you to use them as a fixed feature extractor. 1 (frozen) or 0 for every hidden layer, or a comma list with one per layer.", "لایهٔ منجمد (قفل بسته) وزن‌هایش را نگه می‌دارد: بهینه‌ساز هرگز آن‌ها را تغییر نمی‌دهد و نرمال‌سازی دسته‌ای‌اش آمارهای متحرکش را نگه می‌دارد. لایه‌هایی را که مدل ازپیش‌آموخته به شما می‌دهد منجمد کنید تا استخراج‌کنندهٔ ویژگی ثابتی باشند. ۱ (منجمد) یا ۰ برای همهٔ لایه‌های پنهان، یا فهرستی با ویرگول، یکی برای هر لایه.";
    Pretrained => "Pretrained model", "مدل ازپیش‌آموخته";
    HelpPretrained => "Start from the weights of a network trained on another, larger task (transfer learning) instead of random ones. Its layers come with it. The output layer (the head) is new for this task's classes unless you keep it.", "به جای وزن‌های تصادفی، از وزن‌های شبکه‌ای شروع کن که بر کاری دیگر و بزرگ‌تر آموزش دیده است (یادگیری انتقالی). لایه‌هایش همراهش می‌آیند. لایهٔ خروجی (سر) برای دسته‌های این کار نو است، مگر آن را نگه دارید.";
    PretrainedNone => "None (random weights)", "هیچ (وزن‌های تصادفی)";
    Head => "Output layer (head)", "لایهٔ خروجی (سر)";
    HelpHead => "New: a fresh, random output layer for this task's classes (always, when the class count differs). Keep: the pretrained one, whose classes meant something else.", "نو: لایهٔ خروجی تازه و تصادفی برای دسته‌های این کار (همیشه، وقتی شمار دسته‌ها فرق دارد). نگه‌داشتن: همان لایهٔ ازپیش‌آموخته، که دسته‌هایش معنای دیگری داشتند.";
    HeadNew => "New", "نو";
    HeadKeep => "Keep the pretrained one", "همان ازپیش‌آموخته";
    BaseLrScale => "Rate of transferred layers (× rate)", "نرخ لایه‌های منتقل‌شده (× نرخ)";
    HelpBaseLrScale => "Fine-tuning gently: the transferred layers that are not frozen learn at this fraction of the learning rate (0–1); the new head learns at the full rate.", "تنظیم دقیق ملایم: لایه‌های منتقل‌شده‌ای که منجمد نیستند با این کسر از نرخ یادگیری (۰ تا ۱) یاد می‌گیرند؛ سر نو با نرخ کامل.";
    LossFunction => "Loss function", "تابع هزینه";
    LossFormula => "Formula of the chosen loss", "فرمول هزینهٔ انتخاب‌شده";
    HelpLossFunction => "How the error between the network's output and the desired output is computed.", "خطای بین خروجی شبکه و خروجی مطلوب چگونه محاسبه شود.";
    LossMse => "Mean squared error", "میانگین مربعات خطا";
    LossCe => "Cross-entropy", "آنتروپی متقاطع";
    LossMseHalf => "Half the sum of squared errors", "نصف مجموع مربعات خطا";
    LossHinge => "Hinge", "هینج (لولا)";
    LossDice => "Dice", "دایس";
    Optimizer => "Optimizer", "بهینه‌ساز";
    HelpOptimizer => "The rule that turns gradients into weight updates. Choosing one resets its settings to PyTorch's defaults.", "قاعده‌ای که گرادیان‌ها را به به‌روزرسانی وزن‌ها تبدیل می‌کند. با انتخاب هر کدام، تنظیماتش به پیش‌فرض‌های PyTorch برمی‌گردد.";
    OptSgd => "SGD", "SGD";
    OptMomentum => "SGD + momentum", "SGD با تکانه";
    OptNesterov => "SGD + Nesterov momentum", "SGD با تکانهٔ نستروف";
    OptRmsprop => "RMSprop", "RMSprop";
    OptAdagrad => "Adagrad", "Adagrad";
    OptAdadelta => "Adadelta", "Adadelta";
    OptAdam => "Adam", "Adam";
    OptAdamw => "AdamW", "AdamW";
    Momentum => "Momentum μ", "تکانه μ";
    HelpMomentum => "How much of the previous update is kept in the next one (0 = none).", "چه مقدار از به‌روزرسانی قبلی در گام بعد حفظ شود (۰ = هیچ).";
    Beta1 => "β₁", "β₁";
    HelpBeta1 => "Adam's decay rate of the running mean of gradients.", "نرخ فراموشی میانگین متحرک گرادیان‌ها در Adam.";
    Beta2 => "β₂", "β₂";
    HelpBeta2 => "Adam's decay rate of the running mean of squared gradients.", "نرخ فراموشی میانگین متحرک مربع گرادیان‌ها در Adam.";
    Rho => "ρ (α in RMSprop)", "ρ (در RMSprop: α)";
    HelpRho => "Decay rate of the running mean of squared gradients (RMSprop's α, Adadelta's ρ).", "نرخ فراموشی میانگین متحرک مربع گرادیان‌ها (α در RMSprop، ρ در Adadelta).";
    Eps => "ε", "ε";
    HelpEps => "A small number added to the denominator so it is never zero.", "عددی کوچک که به مخرج افزوده می‌شود تا هرگز صفر نشود.";
    WeightDecay => "Weight decay λ", "کاهش وزن λ";
    HelpWeightDecay => "Shrinks every weight a little each step (AdamW: decoupled from the gradient).", "هر گام همهٔ وزن‌ها را کمی کوچک می‌کند (در AdamW: جدا از گرادیان).";
    Centered => "Centered", "مرکزی";
    HelpCentered => "RMSprop: divide by the variance of the gradient instead of its mean square.", "RMSprop: تقسیم بر واریانس گرادیان به‌جای میانگین مربع آن.";
    Schedule => "Learning-rate schedule", "زمان‌بندی نرخ یادگیری";
    HelpSchedule => "How the rate changes over epochs: constant; halved every 50 epochs; ×0.99 each epoch; cosine over 100 epochs, restarting; linear warm-up over 20 epochs.", "تغییر نرخ در طول دوره‌ها: ثابت؛ نصف شدن هر ۵۰ دوره؛ ضرب در ۰٫۹۹ در هر دوره؛ کسینوسی در ۱۰۰ دوره با شروع دوباره؛ گرم‌کردن خطی در ۲۰ دوره.";
    SchedConstant => "Constant", "ثابت";
    SchedStep => "Step decay", "کاهش پله‌ای";
    SchedExp => "Exponential decay", "کاهش نمایی";
    SchedCosine => "Cosine", "کسینوسی";
    SchedWarmup => "Linear warm-up", "گرم‌کردن خطی";
    Regularization => "Regularization", "منظم‌سازی";
    HelpRegularization => "A penalty on large weights added to the training loss: L1 = λ·Σ|w|, L2 = ½λ·Σw².", "جریمه‌ای برای وزن‌های بزرگ که به خطای آموزش افزوده می‌شود: L1 = λ·Σ|w|، L2 = ½λ·Σw².";
    RegNone => "None", "هیچ";
    RegL1 => "L1", "L1";
    RegL2 => "L2", "L2";
    RegRate => "Regularization rate λ", "ضریب منظم‌سازی λ";
    HelpRegRate => "How strong the weight penalty is.", "شدت جریمهٔ وزن‌ها.";
    FindLr => "Find a learning rate", "یافتن نرخ یادگیری";
    HelpFindLr => "Range test: from the initial weights, one step on all training points at each rate from 0.000001 to 10, recording the loss. A good rate is usually near the steepest fall.", "آزمون بازه: از وزن‌های اولیه، در هر نرخ از ۰٫۰۰۰۰۰۱ تا ۱۰ یک گام روی همهٔ نقاط آموزشی برداشته و خطا ثبت می‌شود. نرخ مناسب معمولاً نزدیک تندترین افت است.";
    Cancel => "Cancel", "لغو";
    RangeTitle => "Loss against learning rate", "خطا بر حسب نرخ یادگیری";
    Steepest => "steepest fall at", "تندترین افت در";
    UseRate => "Use this rate", "استفاده از این نرخ";
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
    ArchBudget => "Epochs per network", "دوره برای هر شبکه";
    HelpArchBudget => "Every network tried trains this many epochs from the same seed, so they are compared fairly.", "هر شبکه‌ای که آزموده می‌شود این تعداد دوره با همان بذر آموزش می‌بیند تا مقایسه منصفانه باشد.";
    GrowMinGain => "Smallest gain", "کمترین بهبود";
    HelpGrowMinGain => "Growing stops when the validation accuracy gains less than this (0.01 = one point) for the given number of rounds in a row.", "رشد وقتی می‌ایستد که دقت اعتبارسنجی به تعداد دورهای داده‌شده پشت سر هم کمتر از این مقدار بهتر شود (۰٫۰۱ = یک درصد).";
    GrowPatience => "Patience (rounds)", "صبر (دور)";
    HelpGrowPatience => "How many rounds in a row without enough gain stop the growth.", "چند دور پشت سر هم بدون بهبود کافی رشد را متوقف می‌کند.";
    SearchTrials => "Trials", "آزمایش‌ها";
    HelpSearchTrials => "How many networks the random search draws and trains.", "جست‌وجوی تصادفی چند شبکه را قرعه می‌کشد و آموزش می‌دهد.";
    SearchDepth => "Most layers", "بیشترین لایه";
    HelpSearchDepth => "Networks drawn have 1 to this many hidden layers.", "شبکه‌های قرعه‌کشی‌شده ۱ تا این تعداد لایهٔ پنهان دارند.";
    SearchWidth => "Most neurons a layer", "بیشترین نورون در لایه";
    HelpSearchWidth => "Each layer has 2 to this many neurons (drawn on a log scale).", "هر لایه ۲ تا این تعداد نورون دارد (روی مقیاس لگاریتمی قرعه کشیده می‌شود).";
    SearchLrMin => "Lowest rate", "کمترین نرخ";
    HelpSearchLrMin => "The learning rates drawn start here (log scale).", "نرخ‌های یادگیری قرعه‌کشی‌شده از اینجا شروع می‌شوند (مقیاس لگاریتمی).";
    SearchLrMax => "Highest rate", "بیشترین نرخ";
    HelpSearchLrMax => "The learning rates drawn end here.", "نرخ‌های یادگیری قرعه‌کشی‌شده اینجا تمام می‌شوند.";
    SearchDropout => "Most dropout", "بیشترین حذف تصادفی";
    HelpSearchDropout => "Each network drawn gets a dropout rate from 0 to this.", "هر شبکهٔ قرعه‌کشی‌شده نرخ حذف تصادفی (dropout) از ۰ تا این مقدار می‌گیرد.";
    SearchActs => "Activations", "تابع‌های فعال‌سازی";
    HelpSearchActs => "The activations the search draws from.", "تابع‌های فعال‌سازی‌ای که جست‌وجو از میانشان قرعه می‌کشد.";
    SearchGrid => "Grid instead of random", "شبکه‌ای به جای تصادفی";
    HelpSearchGrid => "Try a grid over the same bounds (every depth, widths doubling, each activation, three rates, dropout 0 and the most), at most the trials' number of its points, evenly spread.", "به جای قرعه، شبکه‌ای منظم روی همین بازه‌ها را بیازمایید (هر عمق، پهناهای دوبرابرشونده، هر تابع فعال‌سازی، سه نرخ، حذف تصادفی ۰ و بیشترین)، حداکثر به تعداد آزمایش‌ها، یکنواخت پخش‌شده.";
    SearchActsBoth => "ReLU and tanh", "ReLU و tanh";
    SearchActsRelu => "ReLU", "ReLU";
    SearchActsTanh => "tanh", "tanh";
    SearchActsAll => "ReLU, tanh and sigmoid", "ReLU، tanh و sigmoid";
    Theme => "Theme", "پوسته";
    HelpTheme => "How the page looks: your system's choice of light or dark, light, dark, or projector (larger text, thicker lines, full contrast, for a lecture hall).", "ظاهر صفحه: روشن یا تیره به انتخاب سیستم شما، روشن، تیره، یا ویدئوپروژکتور (متن بزرگ‌تر، خط‌های ضخیم‌تر، بیشترین تضاد، برای کلاس درس).";
    ThemeAuto => "system", "سیستم";
    ThemeLight => "light", "روشن";
    ThemeDark => "dark", "تیره";
    ThemeProjector => "projector", "ویدئوپروژکتور";
    Palette => "Colours", "رنگ‌ها";
    HelpPalette => "Colours of the classes and weights: the playground's orange and blue, or colour-blind safe (Okabe–Ito colours, and each class's points get their own shape: circle, square, triangle, diamond).", "رنگ دسته‌ها و وزن‌ها: نارنجی و آبی زمین بازی، یا مناسب کوررنگی (رنگ‌های Okabe–Ito، و نقطه‌های هر دسته شکل خودشان را دارند: دایره، مربع، مثلث، لوزی).";
    PalettePlayground => "orange and blue", "نارنجی و آبی";
    PaletteSafe => "colour-blind safe", "مناسب کوررنگی";
    English => "English", "English";
    Persian => "فارسی", "فارسی";

    Epoch => "epoch", "دوره";
    TrainLoss => "train loss", "خطای آموزش";
    TestLoss => "test loss", "خطای آزمون";
    TestAccuracy => "test accuracy", "دقت آزمون";
    Loss => "Loss", "خطا";
    EpochAxis => "epoch", "دوره";
    InsideEpoch => "next epoch: batch", "دورهٔ بعد: دسته";
    EvaluatingNow => "next epoch: evaluating", "دورهٔ بعد: ارزیابی";
    TestAccuracyAxis => "Test accuracy", "دقت آزمون";
    RateAxis => "rate", "نرخ";
    Train => "train", "آموزش";
    Test => "test", "آزمون";
    BoundaryTitle => "Decision boundary", "مرز تصمیم";
    BoundaryB => "Decision boundary, run B", "مرز تصمیم، اجرای B";
    TrainB => "B train", "آموزش B";
    TestB => "B test", "آزمون B";
    HelpBoundary => "Colour: the network's output over the input plane: the class it predicts (orange 0, blue 1, green 2, purple 3), paler where it is unsure; for regression, the predicted value from orange (−1) to blue (+1). Dots: training points; dark-rimmed dots: test points.", "رنگ: خروجی شبکه روی صفحهٔ ورودی: کلاسی که پیش‌بینی می‌کند (نارنجی ۰، آبی ۱، سبز ۲، بنفش ۳)، کم‌رنگ‌تر جایی که مطمئن نیست؛ در رگرسیون، مقدار پیش‌بینی‌شده از نارنجی (−۱) تا آبی (+۱). نقطه‌ها: داده‌های آموزشی؛ نقطه‌های با حاشیهٔ تیره: داده‌های آزمون.";
    LossTitle => "Loss over epochs", "خطا در طول دوره‌ها";
    HelpLoss => "The loss on the training (solid) and test (dashed) points after each epoch; below it, the learning rate each epoch used.", "خطا روی نقاط آموزشی (خط پر) و آزمون (خط‌چین) پس از هر دوره؛ و زیر آن، نرخ یادگیری هر دوره.";
    NetworkTitle => "Network", "شبکه";
    HelpNetwork => "Each square shows what a neuron outputs over the input plane. Links: blue = positive weight, orange = negative, thicker = larger. Click a link to pick its weight for the loss surface.", "هر مربع خروجی یک نورون را روی صفحهٔ ورودی نشان می‌دهد. پیوندها: آبی = وزن مثبت، نارنجی = منفی، ضخیم‌تر = بزرگ‌تر. روی یک پیوند کلیک کنید تا وزن آن برای سطح خطا برگزیده شود.";
    Inputs => "Inputs", "ورودی‌ها";
    OutputLayer => "Output", "خروجی";

    Loading => "Loading the training engine…", "در حال بارگذاری موتور آموزش…";
    Ready => "Ready: press Play.", "آماده: «اجرا» را بزنید.";
    Diverged => "Training diverged: the loss became infinite or NaN. Training is paused; try a smaller learning rate and press Reset.", "آموزش واگرا شد: خطا بی‌نهایت یا NaN شد. آموزش متوقف شد؛ نرخ یادگیری کوچک‌تری امتحان کنید و «بازنشانی» را بزنید.";
    WorkerFailed => "The training engine failed:", "موتور آموزش با خطا روبه‌رو شد:";
    WorkerStalled => "it stopped in the middle of its work (most likely it ran out of memory: try fewer points, smaller images or a smaller network).", "در میانهٔ کار از کار افتاد (به احتمال زیاد حافظه‌اش تمام شد: نقاط کمتر، تصویرهای کوچک‌تر یا شبکه‌ای کوچک‌تر را بیازمایید).";
    WorkerRestarted => "It was started again with your settings; press Play to go on.", "دوباره با تنظیمات شما راه‌اندازی شد؛ برای ادامه «اجرا» را بزنید.";
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
    PerLayerOf => "one value for every hidden layer, or a comma list with one per layer, each", "یک مقدار برای همهٔ لایه‌های پنهان، یا فهرستی با ویرگول، یکی برای هر لایه، هر کدام";
    SetOf => "a comma list of at least one of", "فهرستی با ویرگول از دست‌کم یکی از";

    RandomDirection => "random direction", "جهت تصادفی";
    PrincipalComponent => "PC", "مؤلفهٔ اصلی ";
    WeightParam => "weight", "وزن";
    BiasParam => "bias", "بایاس";

    // Data lab (issue 5)
    HistTitle => "Training inputs before and after scaling", "ورودی‌های آموزشی پیش و پس از مقیاس‌بندی";
    HelpHist => "One row per input feature: a histogram of its values over the training points before scaling (after scale and offset) and after scaling (what the network receives). μ: mean, σ: standard deviation (population, divided by n).", "برای هر ویژگی ورودی یک سطر: بافت‌نگار مقادیرش روی نقاط آموزشی پیش از مقیاس‌بندی (پس از مقیاس و جابه‌جایی) و پس از آن (آنچه شبکه دریافت می‌کند). μ: میانگین، σ: انحراف معیار (جامعه، تقسیم بر n).";
    HistBefore => "before scaling", "پیش از مقیاس‌بندی";
    HistAfter => "after scaling", "پس از مقیاس‌بندی";
    HistMean => "mean", "میانگین";
    HistStd => "standard deviation", "انحراف معیار";
    LearningCurve => "Learning curve", "منحنی یادگیری";
    HelpLearningCurve => "More data: trains this network from the same initial weights on 25, 50, 100, 200, 400 and 800 training points (100 epochs each) and plots the final accuracy (for regression, the loss) on the same test points. Training pauses meanwhile.", "دادهٔ بیشتر: همین شبکه را از همان وزن‌های اولیه روی ۲۵، ۵۰، ۱۰۰، ۲۰۰، ۴۰۰ و ۸۰۰ نقطهٔ آموزشی (هر بار ۱۰۰ دوره) آموزش می‌دهد و دقت نهایی (در رگرسیون، خطا) را روی همان نقاط آزمون رسم می‌کند. آموزش در این مدت متوقف می‌شود.";
    CurveTitle => "More data: final result against training points", "دادهٔ بیشتر: نتیجهٔ نهایی بر حسب تعداد نقاط آموزشی";
    CurveSizeAxis => "training points (log scale)", "نقاط آموزشی (مقیاس لگاریتمی)";
    CurveAccAxis => "final accuracy", "دقت نهایی";
    CurveLossAxis => "final loss", "خطای نهایی";
    CurveCancelled => "Cancelled: the chart shows the sizes finished.", "لغو شد: نمودار اندازه‌های تمام‌شده را نشان می‌دهد.";
    ClickMode => "Clicking on the plot", "کلیک روی نمودار";
    HelpClickMode => "What a click on the output plot does. The first click copies the dataset's points into your own data and shows the test points too (dark rim): your points are split into training and test points like any data, and a new point moves at most one other across the split. Shift-click adds the other class; Alt-click removes the nearest point. Without a mouse, type points into the CSV box below.", "کاری که کلیک روی نمودار خروجی می‌کند. نخستین کلیک نقاط مجموعه‌داده را به دادهٔ خودتان کپی می‌کند و نقاط آزمون را هم (با حاشیهٔ تیره) نشان می‌دهد: نقاط شما هم مانند هر داده‌ای به آموزشی و آزمون تقسیم می‌شوند و نقطهٔ تازه حداکثر یک نقطهٔ دیگر را میان این دو جابه‌جا می‌کند. Shift+کلیک کلاس دیگر را می‌افزاید؛ Alt+کلیک نزدیک‌ترین نقطه را حذف می‌کند. بدون موس، نقاط را در کادر CSV پایین بنویسید.";
    ClickNothing => "does nothing", "کاری نمی‌کند";
    ClickAddClass => "adds a point of class", "نقطه‌ای از کلاس را می‌افزاید:";
    ClickAddValue => "adds a point with the value below", "نقطه‌ای با مقدار زیر می‌افزاید";
    ClickRemove => "removes the nearest point", "نزدیک‌ترین نقطه را حذف می‌کند";
    ClickValue => "Value of an added point", "مقدار نقطهٔ افزوده";
    HelpClickValue => "The target (a real number) a click gives a new point, for regression.", "مقدار هدف (عددی حقیقی) که کلیک به نقطهٔ تازه می‌دهد، برای رگرسیون.";
    YourPoints => "Your points", "نقاط شما";
    ClassOrange => "0 (orange)", "۰ (نارنجی)";
    ClassBlue => "1 (blue)", "۱ (آبی)";
    ClassGreen => "2 (green)", "۲ (سبز)";
    ClassPurple => "3 (purple)", "۳ (بنفش)";
    TooManyPoints => "At most 10,000 points: no point was added.", "حداکثر ۱۰٬۰۰۰ نقطه: نقطه‌ای افزوده نشد.";
    NetworkInputs => "Inputs", "ورودی‌ها";
    LogScale => "log scale", "لگاریتمی";

    // Loss surface (issue 4)
    PanelSurface => "Loss surface", "سطح خطا";
    HelpSurface => "The training loss on a flat slice through the network's current weights θ: each point (α, β) of the map is the loss at θ + α·d₁ + β·d₂. The line is the path training took, projected onto the slice; the ring is its start, the dot the weights now.", "خطای آموزش روی برشی تخت از فضای وزن‌ها که از وزن‌های کنونی θ می‌گذرد: هر نقطهٔ (α، β) نقشه خطا در θ + α·d₁ + β·d₂ است. خط، مسیری است که آموزش پیموده و روی برش تصویر شده؛ حلقه آغاز آن است و نقطه، وزن‌های کنونی.";
    SurfaceDirections => "Directions", "جهت‌ها";
    HelpSurfaceDirections => "Which two directions d₁, d₂ span the slice: two random directions scaled to each neuron's weights (filter-normalized, Li et al. 2018); the two principal components of the path so far (the path lies close to this slice); or two single weights you pick on the network diagram.", "کدام دو جهت d₁ و d₂ برش را می‌سازند: دو جهت تصادفی که به اندازهٔ وزن‌های هر نورون مقیاس شده‌اند (نرمال‌سازی فیلتری، لی و همکاران ۲۰۱۸)؛ دو مؤلفهٔ اصلی مسیر تاکنون (مسیر نزدیک این برش است)؛ یا دو وزن تکی که روی نمودار شبکه برمی‌گزینید.";
    DirRandom => "Random (filter-normalized)", "تصادفی (نرمال‌شدهٔ فیلتری)";
    DirPca => "Principal components of the path", "مؤلفه‌های اصلی مسیر";
    DirWeights => "Two chosen weights", "دو وزن برگزیده";
    SurfaceGrid => "Grid", "شبکهٔ نقاط";
    HelpSurfaceGrid => "How many points a side the loss is computed at (11 to 81): finer grids show more detail and take longer (the work grows with the square).", "خطا در چند نقطه در هر ضلع حساب شود (۱۱ تا ۸۱): شبکهٔ ریزتر جزئیات بیشتری نشان می‌دهد و زمان بیشتری می‌برد (کار با مربع تعداد بیشتر می‌شود).";
    SurfaceLive => "Follow training", "دنبال کردن آموزش";
    HelpSurfaceLive => "While training runs, recompute the surface every few epochs around the new weights; the path grows in between.", "در حین آموزش، سطح هر چند دوره یک بار پیرامون وزن‌های تازه دوباره حساب شود؛ در این میان مسیر بلندتر می‌شود.";
    PanelArch => "Choosing the architecture", "انتخاب معماری";
    HelpArchPanel => "How many layers and neurons? Take a ready-made model, grow a network until it stops improving, or search at random. Every network tried trains the same epochs from the same seed and is scored on a validation quarter held out of the training split: the test split is never used to choose.", "چند لایه و چند نورون؟ یک مدل آماده بردارید، شبکه را تا وقتی بهتر نمی‌شود بزرگ کنید، یا تصادفی جست‌وجو کنید. هر شبکهٔ آزموده همان تعداد دوره با همان بذر آموزش می‌بیند و روی یک‌چهارمِ کنارگذاشته از دادهٔ آموزش (اعتبارسنجی) سنجیده می‌شود: دادهٔ آزمون هرگز برای انتخاب به کار نمی‌رود.";
    Presets => "Ready-made model", "مدل آماده";
    HelpPresets => "A known architecture for this kind of data; choosing one sets the layers.", "معماری شناخته‌شده‌ای برای این نوع داده؛ انتخابش لایه‌ها را تنظیم می‌کند.";
    PresetChoose => "(your own layers)", "(لایه‌های خودتان)";
    ParametersWord => "parameters", "پارامتر";
    PresetPlayground => "Playground", "زمین بازی";
    PresetPlaygroundFrom => "TensorFlow Playground's default: two small layers, enough for the circle and XOR.", "پیش‌فرض TensorFlow Playground: دو لایهٔ کوچک، برای دایره و XOR کافی است.";
    PresetTiny => "Tiny", "کوچک";
    PresetTinyFrom => "One hidden layer of 8: a universal approximator in principle, often too small in practice.", "یک لایهٔ پنهان ۸تایی: در اصل تقریب‌گر جهانی، در عمل اغلب کوچک.";
    PresetWide => "Wide", "پهن";
    PresetWideFrom => "One wide layer of 32: many features, no composition.", "یک لایهٔ پهن ۳۲تایی: ویژگی‌های زیاد، بدون ترکیب لایه‌ای.";
    PresetDeep => "Deep", "عمیق";
    PresetDeepFrom => "Four layers of 8: features built on features, at the cost of harder training.", "چهار لایهٔ ۸تایی: ویژگی‌ها روی ویژگی‌ها، به بهای آموزش دشوارتر.";
    PresetMlp => "MLP baseline", "MLP پایه";
    PresetMlpFrom => "One dense layer of 64 on the flattened pixels: the baseline a CNN must beat.", "یک لایهٔ متراکم ۶۴تایی روی پیکسل‌های صاف‌شده: مبنایی که CNN باید از آن بهتر باشد.";
    PresetLenet => "LeNet-like", "شبیه LeNet";
    PresetLenetFrom => "After LeCun et al. (1998), LeNet-5: two 5×5 convolutions with pooling, then dense layers of 120 and 84.", "برگرفته از LeNet-5 (LeCun و همکاران، ۱۹۹۸): دو کانولوشن ۵×۵ با ادغام، سپس لایه‌های متراکم ۱۲۰ و ۸۴.";
    PresetVgg => "Tiny VGG-like", "VGG کوچک";
    PresetVggFrom => "After Simonyan & Zisserman (2014), VGG: pairs of 3×3 convolutions, each pair followed by pooling.", "برگرفته از VGG (Simonyan و Zisserman، ۲۰۱۴): جفت‌هایی از کانولوشن ۳×۳، هر جفت با یک ادغام.";
    Grow => "Grow until no improvement", "رشد تا توقف بهبود";
    HelpGrow => "From one neuron: each round trains every layer twice as wide and one more layer, keeps the best, and stops when the gain stays below the smallest gain for the patience's rounds.", "از یک نورون: هر دور همهٔ حالت‌های «یک لایه دو برابر پهن‌تر» و «یک لایهٔ بیشتر» را آموزش می‌دهد، بهترین را نگه می‌دارد، و وقتی بهبود به اندازهٔ دورهای صبر کمتر از کمترین بهبود بماند می‌ایستد.";
    Shrink => "Shrink until it loses", "کوچک کردن تا افت";
    HelpShrink => "From the network in the layer editor: each round trains every layer half as wide and every layer removed, keeps the best, and stops when it loses more than the smallest gain; the choice is the last network kept.", "از شبکهٔ ویرایشگر لایه‌ها: هر دور همهٔ حالت‌های «یک لایه نصف پهنا» و «یک لایه حذف» را آموزش می‌دهد، بهترین را نگه می‌دارد، و وقتی بیش از کمترین بهبود افت کند می‌ایستد؛ انتخاب آخرین شبکهٔ نگه‌داشته است.";
    Search => "Random search", "جست‌وجوی تصادفی";
    HelpSearch => "Draws networks within the bounds below (seeded: the same settings draw the same networks) and trains each.", "شبکه‌هایی درون بازه‌های زیر قرعه می‌کشد (با بذر: تنظیمات یکسان همان شبکه‌ها را می‌دهد) و هر یک را آموزش می‌دهد.";
    ArchRunning => "Trying networks", "در حال آزمودن شبکه‌ها";
    ArchFitOn => "trained on", "آموزش روی";
    ArchValidateOn => "validated on", "اعتبارسنجی روی";
    ArchEpochsEach => "epochs each", "دوره برای هر شبکه";
    ArchCancelled => "Cancelled: the networks tried so far are shown.", "لغو شد: شبکه‌هایی که تا اینجا آزموده شده‌اند نشان داده شده‌اند.";
    ArchChosen => "Chosen:", "انتخاب‌شده:";
    UseThisOne => "Use this one", "همین را به کار ببر";
    HelpUseThisOne => "Set the page's layers, activation, rate and dropout to the chosen network's.", "لایه‌ها، تابع فعال‌سازی، نرخ و حذف تصادفی صفحه را مانند شبکهٔ انتخاب‌شده تنظیم می‌کند.";
    ArchTableCaption => "Every network tried (the chosen one first when sorted by validation accuracy; click a heading to sort)", "همهٔ شبکه‌های آزموده (با مرتب‌سازی بر اساس دقت اعتبارسنجی، انتخاب‌شده اول است؛ برای مرتب‌سازی روی سرستون کلیک کنید)";
    ArchColTried => "#", "#";
    ArchColParams => "Parameters", "پارامترها";
    ArchColTrainAcc => "Train accuracy", "دقت آموزش";
    ArchColValAcc => "Validation accuracy", "دقت اعتبارسنجی";
    ArchColLink => "Link", "پیوند";
    ArchColTime => "Time (s)", "زمان (ثانیه)";
    ArchOpen => "open", "باز کن";
    ArchChartTitle => "Architectures tried", "معماری‌های آزموده";
    HelpArchChart => "Each dot a network: validation accuracy against parameters (log scale). The dark line joins growth's kept networks in order; the ring is the one chosen.", "هر نقطه یک شبکه: دقت اعتبارسنجی در برابر تعداد پارامترها (مقیاس لگاریتمی). خط تیره شبکه‌های نگه‌داشته در رشد را به ترتیب به هم وصل می‌کند؛ حلقه شبکهٔ انتخاب‌شده است.";
    ArchParamsAxis => "parameters (log scale)", "پارامترها (مقیاس لگاریتمی)";
    ArchValAccAxis => "validation accuracy", "دقت اعتبارسنجی";
    ArchValLossAxis => "validation loss", "خطای اعتبارسنجی";
    LabOpen => "Back-propagation lab", "آزمایشگاه پس‌انتشار";
    HelpLabOpen => "Open the lab: one training step of a tiny network, every number of the forward and backward pass shown and explained.", "آزمایشگاه را باز کنید: یک گام آموزش یک شبکهٔ کوچک، با نمایش و توضیح همهٔ اعداد گذر رو به جلو و رو به عقب.";
    LabInputs => "Inputs x", "ورودی‌های x";
    HelpLabInputs => "The example's inputs, comma-separated (1 to 3 numbers). Several examples form a mini-batch: separate them with ';' (up to 4), e.g. 0,0;0,1;1,0;1,1.", "ورودی‌های نمونه، جداشده با ویرگول (۱ تا ۳ عدد). چند نمونه یک دستهٔ کوچک می‌سازند: آن‌ها را با «;» جدا کنید (تا ۴)، مثلاً 0,0;0,1;1,0;1,1.";
    LabTargets => "Targets y", "هدف‌های y";
    HelpLabTargets => "The desired outputs, comma-separated (1 or 2 numbers), one row per example as for the inputs.", "خروجی‌های مطلوب، جداشده با ویرگول (۱ یا ۲ عدد)، برای هر نمونه یک سطر، همانند ورودی‌ها.";
    LabHidden => "Hidden layers", "لایه‌های پنهان";
    HelpLabHidden => "Neurons per hidden layer, comma-separated: empty for none, up to 2 layers of 1 to 4 (e.g. 2 or 3,2).", "تعداد نورون هر لایهٔ پنهان، جداشده با ویرگول: خالی یعنی هیچ، حداکثر ۲ لایه با ۱ تا ۴ نورون (مثلاً 2 یا 3,2).";
    LabAct => "Hidden activation f", "تابع فعال‌سازی پنهان f";
    HelpLabAct => "The function each hidden neuron applies to its weighted sum z: a = f(z).", "تابعی که هر نورون پنهان روی مجموع وزن‌دار z اعمال می‌کند: a = f(z).";
    LabOutAct => "Output activation", "تابع فعال‌سازی خروجی";
    HelpLabOutAct => "The function of the output neurons; cross-entropy needs the sigmoid.", "تابع نورون‌های خروجی؛ آنتروپی متقاطع سیگموید می‌خواهد.";
    LabLossLabel => "Loss L", "تابع اتلاف L";
    HelpLabLoss => "Mean squared error as the lecture writes it (the mean over the outputs), half the sum of squares as many textbooks do (its gradient is a − y), or cross-entropy.", "میانگین مربعات خطا چنان‌که در درس آمده (میانگین روی خروجی‌ها)، نصف مجموع مربعات چنان‌که بسیاری از کتاب‌ها می‌نویسند (گرادیانش a − y است)، یا آنتروپی متقاطع.";
    HelpLabLr => "α in the update W′ = W − α·∂L/∂W.", "α در به‌روزرسانی \u{2066}W′ = W − α·∂L/∂W\u{2069}.";
    LabUpdateBias => "Update the biases", "به‌روزرسانی بایاس‌ها";
    HelpLabUpdateBias => "Whether the update changes the biases too (some worked examples, such as Mazur's, keep them fixed).", "آیا به‌روزرسانی بایاس‌ها را هم تغییر دهد (برخی مثال‌های حل‌شده، مانند مثال مازور، آن‌ها را ثابت نگه می‌دارند).";
    LabSeed => "Seed of the random weights", "بذر وزن‌های تصادفی";
    HelpLabSeed => "The random starting weights come from this number: the same seed, the same weights.", "وزن‌های آغازین تصادفی از این عدد می‌آیند: بذر یکسان، وزن‌های یکسان.";
    LabWeights => "Typed weights", "وزن‌های واردشده";
    HelpLabWeights => "The weights you typed, layer by layer: each neuron's weights then the layer's biases.", "وزن‌هایی که وارد کرده‌اید، لایه به لایه: وزن‌های هر نورون و سپس بایاس‌های لایه.";
    RowsUpTo => "up to", "حداکثر";
    RowsSeparated => "rows separated by ';'", "سطر جداشده با «;»";
    EachRowUpTo => "each of up to", "هر کدام حداکثر";
    NumbersComma => "comma-separated numbers", "عدد جداشده با ویرگول";
    LabIntro => "A tiny network and one training step, number by number: the forward pass neuron by neuron, the loss, the gradients from the output back to the inputs (the chain rule), then the update W′ = W − α·∂L/∂W. Next (→) shows the next number, Back (←) the previous one, space plays and pauses.", "یک شبکهٔ کوچک و یک گام آموزش، عدد به عدد: گذر رو به جلو نورون به نورون، اتلاف، گرادیان‌ها از خروجی به سوی ورودی‌ها (قاعدهٔ زنجیره‌ای)، سپس به‌روزرسانی \u{2066}W′ = W − α·∂L/∂W\u{2069}. «بعدی» (→) عدد بعدی را نشان می‌دهد، «قبلی» (←) عدد پیشین را، و فاصله پخش و توقف می‌کند.";
    LabOldWeights => "Every gradient of a step is computed with the old weights; the update comes after the whole backward pass, for every weight at once.", "همهٔ گرادیان‌های یک گام با وزن‌های قدیمی حساب می‌شوند؛ به‌روزرسانی پس از کل گذر رو به عقب و برای همهٔ وزن‌ها با هم انجام می‌شود.";
    LabNext => "Next →", "بعدی";
    LabBack => "← Back", "قبلی";
    LabPlay => "Play the step", "پخش گام";
    LabPause => "Pause", "توقف";
    LabPace => "Pace", "سرعت";
    HelpLabPace => "How many numbers a second Play shows.", "پخش در هر ثانیه چند عدد نشان دهد.";
    LabTenSteps => "10 steps at once", "۱۰ گام یکجا";
    HelpLabTenSteps => "Skip ahead 10 whole steps and see the loss fall on the chart.", "۱۰ گام کامل جلو بروید و کاهش اتلاف را روی نمودار ببینید.";
    LabReset => "Back to step 1", "بازگشت به گام ۱";
    HelpLabReset => "Back to step 1 with the starting weights.", "بازگشت به گام ۱ با وزن‌های آغازین.";
    LabRandom => "Random weights", "وزن‌های تصادفی";
    HelpLabRandom => "Draw new random starting weights (a new seed).", "وزن‌های آغازین تصادفی تازه (بذر تازه).";
    LabExamples => "Examples", "مثال‌ها";
    LabPresetMazur => "Mazur's worked example (2-2-2)", "مثال حل‌شدهٔ مازور (2-2-2)";
    LabPresetXor => "XOR: a mini-batch of 4", "XOR: دستهٔ کوچکی از ۴ نمونه";
    LabPresetLine => "One input, one neuron", "یک ورودی، یک نورون";
    LabStep => "Step", "گام";
    LabOf => "of", "از";
    LabExample => "example", "نمونه";
    LabNotStarted => "Not started: press Next to pass the input through the network.", "آغاز نشده: «بعدی» را بزنید تا ورودی از شبکه بگذرد.";
    LabPhaseForward => "Forward pass: the weighted sum z and the activation a of", "گذر رو به جلو: مجموع وزن‌دار z و فعال‌سازی a برای";
    LabPhaseLoss => "The loss: the output compared with the target", "اتلاف: مقایسهٔ خروجی با هدف";
    LabPhaseBackward => "Backward pass (chain rule): ∂L/∂a, f′(z) and ∂L/∂z of", "گذر رو به عقب (قاعدهٔ زنجیره‌ای): \u{2066}∂L/∂a\u{2069}، \u{2066}f′(z)\u{2069} و \u{2066}∂L/∂z\u{2069} برای";
    LabPhaseGrads => "The gradients of the weights into", "گرادیان وزن‌های ورودی به";
    LabPhaseMean => "The mini-batch's gradients: the mean of its examples' gradients", "گرادیان‌های دستهٔ کوچک: میانگین گرادیان‌های نمونه‌هایش";
    LabPhaseUpdate => "The update: every weight at once, W′ = W − α·∂L/∂W, from the old weights", "به‌روزرسانی: همهٔ وزن‌ها با هم، \u{2066}W′ = W − α·∂L/∂W\u{2069}، از وزن‌های قدیمی";
    LabNeuron => "neuron", "نورون";
    LabHiddenLayerN => "hidden layer", "لایهٔ پنهان";
    LabOutputLayer => "the output layer", "لایهٔ خروجی";
    LabDiagramLabel => "The lab's network: inputs on the left, outputs on the right, each link labelled with its weight; the value being computed and the values it comes from are highlighted.", "شبکهٔ آزمایشگاه: ورودی‌ها در چپ، خروجی‌ها در راست، روی هر پیوند وزن آن؛ مقداری که حساب می‌شود و مقادیری که از آن‌ها می‌آید برجسته‌اند.";
    LabFormulas => "This phase's formulas, with the numbers", "فرمول‌های این مرحله، با اعداد";
    LabValues => "Every value so far", "همهٔ مقادیر تا اینجا";
    LabWeightsTable => "Weights and biases (type a number to change one)", "وزن‌ها و بایاس‌ها (برای تغییر، عددی وارد کنید)";
    LabWeightsOfLayer => "W", "W";
    LabBias => "bias b", "بایاس b";
    LabToNeuron => "to neuron", "به نورون";
    LabFromInput => "from", "از";
    LabGradCheck => "Gradient check: back-propagation against the finite-difference estimate (L(w + h) − L(w − h)) / 2h, h = 0.00001", "وارسی گرادیان: پس‌انتشار در برابر تخمین تفاضل متناهی \u{2066}(L(w + h) − L(w − h)) / 2h\u{2069}، \u{2066}h = 0.00001\u{2069}";
    LabParameter => "parameter", "پارامتر";
    LabBackpropCol => "back-propagation", "پس‌انتشار";
    LabNumericCol => "finite differences", "تفاضل متناهی";
    LabDifference => "difference", "اختلاف";
    LabLossChart => "Loss per step", "اتلاف در هر گام";
    LabWeightsChart => "Every weight per step", "همهٔ وزن‌ها در هر گام";
    LabLossNow => "loss", "اتلاف";
    LabNewWeights => "new", "جدید";
    LabOld => "old", "قدیم";
    LabClose => "Close the lab", "بستن آزمایشگاه";
    LabPerSecond => "a second", "در ثانیه";
    LabLayerWord => "layer", "لایه";
    SurfaceRefresh => "Compute surface", "محاسبهٔ سطح";
    HelpSurfaceRefresh => "Compute the loss surface through the current weights now (in the background: training goes on).", "سطح خطا را اکنون پیرامون وزن‌های کنونی حساب کن (در پس‌زمینه: آموزش ادامه می‌یابد).";
    SurfaceComputing => "Computing the loss surface", "در حال محاسبهٔ سطح خطا";
    HelpSurfaceCancel => "Stop computing the surface and stop following training (the surface shown stays).", "محاسبهٔ سطح و دنبال کردن آموزش را متوقف کن (سطح نمایش‌داده‌شده می‌ماند).";
    SurfaceContour => "Loss surface: contour map", "سطح خطا: نقشهٔ تراز";
    HelpSurfaceContour => "Colour: the loss (dark = low, yellow = high; log scale when it spans a wide range); white lines join equal losses.", "رنگ: خطا (تیره = کم، زرد = زیاد؛ مقیاس لگاریتمی وقتی بازه گسترده است)؛ خطوط سفید خطاهای برابر را به هم وصل می‌کنند.";
    Surface3d => "Loss surface: 3-D view", "سطح خطا: نمای سه‌بعدی";
    HelpSurface3d => "The same surface in 3-D, height = loss. Drag it, or focus it and press the arrow keys, to turn it.", "همان سطح به‌صورت سه‌بعدی، ارتفاع = خطا. برای چرخاندن آن را بکشید، یا رویش تمرکز کنید و کلیدهای جهت‌نما را بزنید.";
    ChosenWeights => "Chosen weights", "وزن‌های برگزیده";
    HelpChosenWeights => "Click two links on the network diagram (or choose here) to pick the two weights the slice moves: w[l](i,j) is the weight from neuron i of layer l−1 to neuron j of layer l.", "روی دو پیوند در نمودار شبکه کلیک کنید (یا اینجا انتخاب کنید) تا دو وزنی که برش آن‌ها را تغییر می‌دهد برگزیده شوند: \u{2066}w[l](i,j)\u{2069} وزن از نورون \u{2066}i\u{2069} لایهٔ \u{2066}l−1\u{2069} به نورون \u{2066}j\u{2069} لایهٔ \u{2066}l\u{2069} است.";
    FirstWeight => "First weight", "وزن نخست";
    SecondWeight => "Second weight", "وزن دوم";
    NoneChosen => "none yet", "هنوز هیچ";
    GridTook => "grid computed in", "محاسبهٔ شبکه در";
    Milliseconds => "ms", "میلی‌ثانیه";
    ExplainedVariance => "share of the path's variance", "سهم از واریانس مسیر";
    SurfaceNoRun => "The network is not ready yet.", "شبکه هنوز آماده نیست.";
    SurfaceNeedTraining => "Principal components need a path: train a few epochs first (press Play or Step). A live surface appears by itself once there is one.", "مؤلفه‌های اصلی به یک مسیر نیاز دارند: ابتدا چند دوره آموزش دهید («اجرا» یا «گام»). سطح زنده خودش پس از آن ظاهر می‌شود.";
    SurfaceBadWeights => "Choose two different weights: click two links on the network diagram.", "دو وزن متفاوت برگزینید: روی دو پیوند در نمودار شبکه کلیک کنید.";
    SurfaceNoMovement => "The weights have not moved (or are all zero), so these directions are empty: train first, or choose other directions.", "وزن‌ها حرکتی نکرده‌اند (یا همه صفرند)، پس این جهت‌ها تهی‌اند: ابتدا آموزش دهید یا جهت‌های دیگری برگزینید.";
    SurfaceFailedMsg => "The loss surface could not be computed:", "سطح خطا محاسبه نشد:";
    SurfaceEmpty => "Press “Compute surface” to draw the loss surface.", "برای رسم سطح خطا «محاسبهٔ سطح» را بزنید.";

    // Improving training (issue 6)
    ActivityTitle => "Layer activity", "فعالیت لایه‌ها";
    HelpActivity => "For each hidden layer, how its pre-activation values (the activation's input, after batch norm) are spread over the epochs: x is the epoch, y the value, darker means more of the values. tanh and the sigmoid are almost flat beyond ±2 (dashed lines): values piling up there mean saturated neurons that pass almost no gradient and learn slowly; batch normalization keeps them near 0. After each label: the layer's output mean ± standard deviation now.", "برای هر لایهٔ پنهان، پراکندگی مقادیر پیش از فعال‌سازی (ورودی تابع فعال‌سازی، پس از نرمال‌سازی دسته‌ای) در طول دوره‌ها: محور افقی دوره، محور عمودی مقدار، و رنگ تیره‌تر یعنی سهم بیشتری از مقادیر. tanh و سیگموید بیرون از ±۲ (خط‌چین‌ها) تقریباً صاف‌اند: انباشته شدن مقادیر آنجا یعنی نورون‌های اشباع‌شده که تقریباً گرادیانی عبور نمی‌دهند و کند یاد می‌گیرند؛ نرمال‌سازی دسته‌ای آن‌ها را نزدیک صفر نگه می‌دارد. پس از هر برچسب: میانگین ± انحراف معیار خروجی لایه در این لحظه.";
    BnShort => "BN", "BN";
    DropShort => "drop", "حذف";
    On => "on", "روشن";
    Off => "off", "خاموش";
    OutputShort => "output", "خروجی";
    LayerBatchNorm => "batch norm", "نرمال‌سازی دسته‌ای";
    LayerDropoutRate => "dropout rate", "نرخ حذف تصادفی";
    HelpLayerBatchNorm => "Batch normalization for this layer: before the activation, normalize each neuron's weighted sum over the batch, then scale and shift it by learned γ and β.", "نرمال‌سازی دسته‌ای برای این لایه: پیش از فعال‌سازی، مجموع وزن‌دار هر نورون روی دسته نرمال می‌شود و سپس با γ و β آموختنی مقیاس و جابه‌جا می‌شود.";
    HelpLayerDropout => "Dropout for this layer: while training, each of its neurons is switched off with this probability (0 = never).", "حذف تصادفی برای این لایه: هنگام آموزش، هر نورون آن با این احتمال خاموش می‌شود (۰ = هرگز).";
    EvalModeNote => "Test loss, the decision boundary, the neuron pictures and the loss surface are computed in evaluation mode: no dropout, and batch norm with its running statistics. Train loss too is measured this way after each epoch.", "خطای آزمون، مرز تصمیم، تصویر نورون‌ها و سطح خطا در حالت ارزیابی محاسبه می‌شوند: بدون حذف تصادفی، و نرمال‌سازی دسته‌ای با آمارهای متحرکش. خطای آموزش هم پس از هر دوره به همین شکل اندازه‌گیری می‌شود.";

    // Optimizer race (issue 4)
    PanelRace => "Optimizer race", "مسابقهٔ بهینه‌سازها";
    HelpRace => "Up to six optimizers start from the same point on a two-parameter test function and walk downhill step by step; each step is drawn as a segment, so the learning rate is the segment's length.", "حداکثر شش بهینه‌ساز از یک نقطه روی یک تابع آزمون دومتغیره شروع می‌کنند و گام‌به‌گام سرازیر می‌شوند؛ هر گام یک پاره‌خط است، پس نرخ یادگیری طول آن پاره‌خط است.";
    RaceFunction => "Test function", "تابع آزمون";
    HelpRaceFunction => "The function the optimizers minimize. Choosing one starts from its usual start point.", "تابعی که بهینه‌سازها کمینه می‌کنند. با انتخاب آن، شروع از نقطهٔ شروع معمول آن است.";
    FnBowl => "Bowl ½(x′² + K·y′²)", "کاسه ½(x′² + K·y′²)";
    FnRosenbrock => "Rosenbrock (banana valley)", "رُزنبروک (درهٔ موزی)";
    FnBeale => "Beale", "بیل";
    FnHimmelblau => "Himmelblau (four minima)", "هیمل‌بلاو (چهار کمینه)";
    FnSaddle => "Saddle x² − y²", "زین x² − y²";
    FnRastrigin => "Rastrigin (many local minima)", "راستریگین (کمینه‌های محلی فراوان)";
    BowlCondition => "Condition number K", "عدد حالت K";
    HelpBowlCondition => "How much steeper the bowl is across than along its valley (1 = round; large = a narrow valley where plain SGD zigzags).", "کاسه در عرض چند برابر پرشیب‌تر از طول دره‌اش است (۱ = گرد؛ بزرگ = درهٔ باریکی که SGD ساده در آن زیگزاگ می‌رود).";
    BowlRotation => "Rotation (degrees)", "چرخش (درجه)";
    HelpBowlRotation => "The angle of the bowl's long axis: rotated valleys are not aligned with the coordinates, which hurts per-coordinate methods like Adagrad and Adam less than you might think.", "زاویهٔ محور بلند کاسه: دره‌های چرخیده هم‌راستای محورها نیستند.";
    RaceStart => "Start point", "نقطهٔ شروع";
    HelpRaceStart => "Where every racer starts: click on the contour map, move it with the arrow keys there, or type the coordinates.", "جایی که همهٔ شرکت‌کننده‌ها شروع می‌کنند: روی نقشهٔ تراز کلیک کنید، با کلیدهای جهت جابه‌جا کنید، یا مختصات را بنویسید.";
    RaceStartX => "Start x", "شروع x";
    RaceStartY => "Start y", "شروع y";
    Racers => "Racers", "شرکت‌کننده‌ها";
    HelpRacers => "Each racer is an optimizer with its own learning rate (and momentum, β₁ or ρ where it has one).", "هر شرکت‌کننده یک بهینه‌ساز با نرخ یادگیری خودش است (و تکانه، β₁ یا ρ اگر داشته باشد).";
    RaceSteps => "Steps", "تعداد گام‌ها";
    HelpRaceSteps => "How many optimizer steps each racer takes.", "هر شرکت‌کننده چند گام بهینه‌سازی برمی‌دارد.";
    PointFrom => "x,y with each from", "x,y هر کدام از";
    RacersOf => "optimizer:rate (or optimizer:rate:momentum/β₁/ρ)", "بهینه‌ساز:نرخ (یا بهینه‌ساز:نرخ:تکانه/β₁/ρ)";
    RacerN => "Racer", "شرکت‌کننده";
    RacerOptimizer => "algorithm", "الگوریتم";
    RaceParamMomentum => "momentum", "تکانه";
    RaceParamBeta1 => "beta 1", "بتای ۱";
    RaceParamRho => "rho", "رو";
    RacerRate => "learning rate", "نرخ یادگیری";
    HelpRacerRate => "This racer's step size: from 0.00001 to 10.", "اندازهٔ گام این شرکت‌کننده: از ۰٫۰۰۰۰۱ تا ۱۰.";
    AddRacer => "Add a racer", "افزودن شرکت‌کننده";
    HelpAddRacer => "Adds another optimizer to the race (at most six).", "بهینه‌ساز دیگری به مسابقه اضافه می‌کند (حداکثر شش).";
    RemoveRacer => "Remove racer", "حذف شرکت‌کننده";
    RaceGo => "Race", "مسابقه";
    HelpRaceGo => "Animates every path from where the animation is (from the start once it has finished).", "همهٔ مسیرها را از جایی که انیمیشن هست نمایش می‌دهد (پس از پایان، از ابتدا).";
    RaceHold => "Hold", "نگه‌دار";
    HelpRaceHold => "Pauses the animation.", "انیمیشن را متوقف می‌کند.";
    RaceRewind => "Rewind", "به ابتدا";
    HelpRaceRewind => "Back to step 0: only the start point shows.", "بازگشت به گام ۰: فقط نقطهٔ شروع دیده می‌شود.";
    RaceSpeed => "Speed (steps a second)", "سرعت (گام در ثانیه)";
    HelpRaceSpeed => "How fast the animation walks through the steps.", "انیمیشن با چه سرعتی گام‌ها را طی می‌کند.";
    RaceShownStep => "Shown step", "گام نمایش‌داده‌شده";
    HelpRaceShownStep => "The step the pictures show; drag or use the arrow keys to look at any step.", "گامی که تصویرها نشان می‌دهند؛ برای دیدن هر گام بکشید یا از کلیدهای جهت استفاده کنید.";
    ShowGradient => "Show gradient", "نمایش گرادیان";
    HelpShowGradient => "Draws the negative gradient (the steepest way down, scaled to fit) at each racer's current point.", "منفی گرادیان (تندترین مسیر سرازیری، با مقیاس مناسب) را در نقطهٔ کنونی هر شرکت‌کننده رسم می‌کند.";
    RaceContourTitle => "Contours and paths", "خطوط تراز و مسیرها";
    HelpRaceContour => "Colour: the function's value (viridis, log scale when it spans orders of magnitude); ×: the minima; ring: the start. Click to set the start point; with the map focused, the arrow keys move it.", "رنگ: مقدار تابع (در مقیاس لگاریتمی وقتی چند مرتبهٔ بزرگی را می‌پوشاند)؛ ×: کمینه‌ها؛ حلقه: نقطهٔ شروع. برای تعیین نقطهٔ شروع کلیک کنید؛ وقتی نقشه در فوکوس است، کلیدهای جهت آن را جابه‌جا می‌کنند.";
    Race3dTitle => "Surface in 3-D", "سطح سه‌بعدی";
    HelpRace3d => "The same function as a surface (height: log of the value when the range is wide). Drag to rotate; with the view focused, the arrow keys rotate it too.", "همان تابع به‌صورت سطح (ارتفاع: لگاریتم مقدار وقتی بازه بزرگ است). برای چرخاندن بکشید؛ وقتی در فوکوس است، کلیدهای جهت هم آن را می‌چرخانند.";
    RaceLossTitle => "Loss by step", "خطا بر حسب گام";
    HelpRaceLoss => "Each racer's function value after each step, on a log scale.", "مقدار تابع برای هر شرکت‌کننده پس از هر گام، در مقیاس لگاریتمی.";
    StepAxis => "step", "گام";
    RaceComputing => "Computing the paths in the worker…", "در حال محاسبهٔ مسیرها در کارگر…";
    RaceDivergedAt => "diverged at step", "واگرا شد در گام";
    RaceDivergedHint => "the value became infinite or NaN: try a smaller learning rate.", "مقدار بی‌نهایت یا NaN شد: نرخ یادگیری کوچک‌تری امتحان کنید.";
    RaceCouldNotRun => "could not run:", "اجرا نشد:";
    RaceLossAt => "loss", "خطا";
    RaceLegend => "Legend", "راهنما";
    RaceStepOf => "of", "از";

    // Image data: gallery, confusion matrix, feature maps (plot/images.rs)
    ImgTrueClass => "true class", "کلاس واقعی";
    ImgPredictedClass => "predicted class", "کلاس پیش‌بینی‌شده";
    ImgCorrect => "correct", "درست";
    ImgPredictedAs => "→", "←";
    ImgFilters => "filters", "فیلترها";
    ImgMapsHint => "Choose an image in the gallery to see each layer's output for it.", "تصویری را در گالری انتخاب کنید تا خروجی هر لایه را برای آن ببینید.";

    // The classroom (issue 16): lessons, embed mode, the embedding API.
    PanelHistograms => "Histograms", "هیستوگرام‌ها";
    PanelCurve => "Learning curve", "منحنی یادگیری";
    PanelLoss => "Loss", "خطا";
    Lesson => "Lesson", "درس";
    HelpLesson => "A lesson for one slide of the lecture: its settings, its panels, what to try and what to notice.", "درسی برای یک اسلاید درس‌نامه: تنظیمات، پنل‌ها، آنچه باید امتحان کرد و آنچه باید دید.";
    Embed => "Embed mode", "حالت جاسازی";
    HelpEmbed => "For slides: no header or lesson menu, only the named panels, fitted to the frame.", "برای اسلایدها: بدون سرصفحه و فهرست درس‌ها، فقط پنل‌های نام‌برده، به اندازهٔ قاب.";
    Panels => "Panels", "پنل‌ها";
    HelpPanels => "The panels shown (empty: the lesson's, or all).", "پنل‌های نمایش‌داده‌شده (خالی: پنل‌های درس، یا همه).";
    ShownControls => "Controls shown", "کنترل‌های نمایش‌داده‌شده";
    HelpShownControls => "The settings whose controls are shown, by URL key (empty: all).", "تنظیماتی که کنترلشان نمایش داده می‌شود، با کلید نشانی (خالی: همه).";
    Autoplay => "Start on load", "شروع هنگام بارگذاری";
    HelpAutoplay => "Training starts as soon as the page has loaded.", "آموزش به محض بارگذاری صفحه آغاز می‌شود.";
    ParentOrigin => "Embedding page's origin", "مبدأ صفحهٔ میزبان";
    HelpParentOrigin => "The origins (https://host) of the page that embeds this one: only they may drive it by messages and hear its events.", "مبدأهای (https://host) صفحه‌ای که این صفحه را جاسازی کرده است: فقط آن‌ها می‌توانند با پیام آن را هدایت کنند و رویدادهایش را بشنوند.";
    ListOfKeys => "a comma list of setting keys", "فهرستی از کلیدهای تنظیمات با ویرگول";
    OriginsOf => "origins such as https://example.org", "مبدأ مانند https://example.org";
    LessonNone => "Free playground (no lesson)", "زمین بازی آزاد (بدون درس)";
    LessonMenu => "Lessons", "درس‌ها";
    HelpLessonMenu => "Open the lesson for a slide of the lecture.", "درس مربوط به یک اسلاید درس‌نامه را باز کنید.";
    Slide => "Slide", "اسلاید";
    ResetLesson => "Reset lesson", "بازنشانی درس";
    HelpResetLesson => "Back to the lesson's own settings.", "بازگشت به تنظیمات خود درس.";
    PreviousLesson => "Previous lesson", "درس قبلی";
    NextLesson => "Next lesson", "درس بعدی";
    CloseLesson => "All panels", "همهٔ پنل‌ها";
    HelpCloseLesson => "Leave the lesson and show the whole playground with these settings.", "خروج از درس و نمایش کل زمین بازی با همین تنظیمات.";
    TheClaim => "The claim", "ادعا";
    DownloadPng => "PNG", "PNG";
    HelpDownloadPng => "Save this plot as a PNG image.", "این نمودار را به‌صورت تصویر PNG ذخیره کنید.";
    DownloadSvg => "SVG", "SVG";
    HelpDownloadSvg => "Save this plot as an SVG drawing (lines and text stay sharp at any size, for printed slides).", "این نمودار را به‌صورت طرح SVG ذخیره کنید (خط‌ها و نوشته‌ها در هر اندازه‌ای تیز می‌مانند، برای اسلاید چاپی).";
    DownloadCsv => "Curves (CSV)", "منحنی‌ها (CSV)";
    HelpDownloadCsv => "Save the loss and accuracy of every epoch as a CSV table: run, epoch, losses, accuracies, learning rate.", "خطا و دقت هر دوره را به‌صورت جدول CSV ذخیره کنید: اجرا، دوره، خطاها، دقت‌ها، نرخ یادگیری.";
    DownloadReport => "Run report (JSON)", "گزارش آموزش (JSON)";
    HelpDownloadReport => "Save the settings (the link that reproduces this run) and the last epoch's figures as JSON.", "تنظیمات (پیوندی که این اجرا را بازتولید می‌کند) و اعداد آخرین دوره را به‌صورت JSON ذخیره کنید.";
    MeasureLabel => "Measured", "اندازه‌گیری";
    CheckClaim => "Check the claim", "بررسی ادعا";
    HelpCheckClaim => "Runs the lesson's seeded experiment in the background (the same one the tests run) and shows its figures.", "آزمایش بذردار درس (همان که آزمون‌ها اجرا می‌کنند) را در پس‌زمینه اجرا می‌کند و اعدادش را نشان می‌دهد.";
    ClaimRunning => "Checking the claim…", "در حال بررسی ادعا…";
    ClaimHolds => "The claim holds.", "ادعا برقرار است.";
    ClaimFails => "The claim does not hold in this run.", "ادعا در این اجرا برقرار نیست.";
    ClaimCancelled => "Cancelled.", "لغو شد.";
    ClaimLab => "Each gradient the lab shows is checked against a finite difference beside it.", "هر گرادیانی که آزمایشگاه نشان می‌دهد در کنارش با تفاضل محدود بررسی می‌شود.";
    FigureNever => "not within the epochs", "نه در این تعداد دوره";
    FigureDiverged => "diverged", "واگرا شد";
    EpochsToLoss => "epochs until the training loss is below", "دوره تا رسیدن خطای آموزش به زیر";
    MeasureTestAcc => "test accuracy", "دقت آزمون";
    MeasureTrainLoss => "training loss", "خطای آموزش";
    MeasureGap => "test loss − training loss", "خطای آزمون − خطای آموزش";
    OpenFull => "Open in the full playground", "باز کردن در زمین بازی کامل";
    Epochs => "epochs", "دوره";

    TrialThisNetwork => "this network", "این شبکه";
    Trial60Points => "60 points", "۶۰ نقطه";
    Trial800Points => "800 points", "۸۰۰ نقطه";
    TrialWithout => "without", "بدون";
    TrialCleaned => "cleaned", "پاک‌سازی‌شده";
    TrialSameScale => "both features on the same scale", "هر دو ویژگی در یک مقیاس";
    TrialScaled100 => "x₁ × 100", "x₁ × ۱۰۰";
    TrialEvenLight => "even lighting", "نور یکنواخت";
    TrialUnevenLight => "uneven lighting", "نور ناهموار";
    TrialAugmented => "augmented", "با داده‌افزایی";
    TrialMlp => "MLP (fully connected)", "MLP (تمام‌متصل)";
    TrialCnn => "CNN", "CNN";
    TrialSeqCnn => "1-D CNN", "CNN یک‌بعدی";
    TrialGru => "GRU", "GRU";
    TrialEpoch1 => "after 1 epoch", "پس از ۱ دوره";
    TrialEpoch100 => "after 100 epochs", "پس از ۱۰۰ دوره";
    TrialSmallRate => "rate 0.001", "نرخ ۰٫۰۰۱";
    TrialGoodRate => "rate 0.1", "نرخ ۰٫۱";
    TrialHugeRate => "rate 10", "نرخ ۱۰";
    TrialWithBatchNorm => "with batch norm", "با نرمال‌سازی دسته‌ای";
    TrialWithDropout => "with dropout 0.2", "با حذف تصادفی ۰٫۲";

    LessonOverview => "The four parts of training", "چهار بخش آموزش";
    LessonOverviewText => "Training a network has four parts, and the playground has a panel for each: prepare the data, choose the network, train it, and improve the training. Press Play and watch the boundary take the shape of the circle while the loss falls. Then change one thing in one panel at a time and see what it does to the curves.", "آموزش یک شبکه چهار بخش دارد و زمین بازی برای هر کدام پنلی دارد: آماده‌سازی داده، انتخاب شبکه، آموزش، و بهبود آموزش. دکمهٔ اجرا را بزنید و ببینید مرز تصمیم شکل دایره را می‌گیرد و خطا پایین می‌آید. سپس هر بار فقط یک چیز را در یک پنل تغییر دهید و اثرش را بر منحنی‌ها ببینید.";
    ClaimOverview => "This small network (4 and 2 neurons) learns the noisy circle: at least 90 % test accuracy after 100 epochs.", "این شبکهٔ کوچک (۴ و ۲ نورون) دایرهٔ نویزی را یاد می‌گیرد: دست‌کم ۹۰٪ دقت آزمون پس از ۱۰۰ دوره.";
    LessonMoreData => "More data, better training", "دادهٔ بیشتر، آموزش بهتر";
    LessonMoreDataText => "Here the network has only 60 points of the noisy XOR to learn from. Train it and look at the test loss; then raise the number of points and train again. Run the learning curve: the same network, trained on more and more of the data, tests better and better.", "این‌جا شبکه فقط ۶۰ نقطه از XOR نویزی برای یادگیری دارد. آموزش دهید و به خطای آزمون نگاه کنید؛ سپس تعداد نقاط را بیشتر کنید و دوباره آموزش دهید. منحنی یادگیری را اجرا کنید: همان شبکه، با دادهٔ بیشتر و بیشتر، دقت آزمون بهتری می‌گیرد.";
    ClaimMoreData => "The same network tests better trained on 800 points than on 60 (test accuracy, 100 epochs).", "همان شبکه با ۸۰۰ نقطه دقت آزمون بهتری دارد تا با ۶۰ نقطه (۱۰۰ دوره).";
    LessonCleaning => "Remove corrupted data", "حذف داده‌های خراب";
    LessonCleaningText => "A fifth of the training labels are wrong. Train and watch the boundary bend around the wrong points as the big network memorizes them. Then switch on cleaning: each point whose neighbours mostly disagree with its label is dropped, and the network trains on what is left. Try missing values and outliers too.", "یک‌پنجم برچسب‌های آموزشی غلط‌اند. آموزش دهید و ببینید مرز دور نقاط غلط خم می‌شود، چون شبکهٔ بزرگ آن‌ها را حفظ می‌کند. سپس پاک‌سازی را روشن کنید: هر نقطه‌ای که بیشتر همسایه‌هایش با برچسبش مخالف‌اند حذف می‌شود و شبکه روی باقی‌مانده آموزش می‌بیند. مقدارهای گمشده و داده‌های پرت را هم امتحان کنید.";
    ClaimCleaning => "With 20 % wrong labels, cleaning raises test accuracy by more than 10 points (200 epochs).", "با ۲۰٪ برچسب غلط، پاک‌سازی دقت آزمون را بیش از ۱۰ واحد بالا می‌برد (۲۰۰ دوره).";
    LessonScales => "Features on different scales", "ویژگی‌ها در مقیاس‌های مختلف";
    LessonScalesText => "Here x₁ is measured in units a hundred times smaller than x₂, as centimetres beside metres. Look at the histograms: the two features spread over very different ranges. Train: the network hardly learns, because one step's size cannot suit both weights. Set x₁'s scale back to 1 and compare.", "این‌جا x₁ با واحدی صد برابر کوچک‌تر از x₂ اندازه گرفته شده است، مثل سانتی‌متر کنار متر. به هیستوگرام‌ها نگاه کنید: دو ویژگی در بازه‌های بسیار متفاوتی پخش‌اند. آموزش دهید: شبکه به‌سختی یاد می‌گیرد، چون اندازهٔ یک گام نمی‌تواند برای هر دو وزن مناسب باشد. مقیاس x₁ را به ۱ برگردانید و مقایسه کنید.";
    ClaimScales => "With both features on the same scale the training loss falls below 0.2 within 100 epochs; with x₁ × 100 it does not.", "وقتی دو ویژگی هم‌مقیاس‌اند خطای آموزش در ۱۰۰ دوره به زیر ۰٫۲ می‌رسد؛ با x₁ × ۱۰۰ نمی‌رسد.";
    LessonStandardize => "Standardization", "استانداردسازی";
    LessonStandardizeText => "x' = (x − mean) / std gives every feature mean 0 and variance 1. With x₁ a hundred times too large, train once without scaling and look at the loss surface: a long, narrow valley. Then choose Standardize: the histograms line up, the surface turns into a round bowl, and the descent goes straight down.", "x' = (x − میانگین) / انحراف معیار به هر ویژگی میانگین ۰ و واریانس ۱ می‌دهد. با x₁ صد برابر بزرگ‌تر، یک بار بدون مقیاس‌بندی آموزش دهید و به سطح خطا نگاه کنید: درّه‌ای دراز و باریک. سپس استانداردسازی را انتخاب کنید: هیستوگرام‌ها هم‌تراز می‌شوند، سطح به کاسه‌ای گرد تبدیل می‌شود و نزول مستقیم پایین می‌رود.";
    ClaimStandardize => "Standardized, the training loss is below 0.2 before epoch 80; unscaled, not within 100 epochs.", "با استانداردسازی خطای آموزش پیش از دورهٔ ۸۰ به زیر ۰٫۲ می‌رسد؛ بدون مقیاس‌بندی در ۱۰۰ دوره نمی‌رسد.";
    LessonNormalize => "Normalization (min-max)", "نرمال‌سازی (کمینه-بیشینه)";
    LessonNormalizeText => "x' = (x − min) / (max − min) moves every feature into [0, 1]. Start from the badly scaled data (at rate 0.3: min-max values are not centred on 0, so small steps would be slow), train without scaling, then choose Min-max and train again. Compare with standardization: both fix the scales; min-max keeps the values positive and is pulled by a single extreme point.", "x' = (x − کمینه) / (بیشینه − کمینه) هر ویژگی را به بازهٔ [۰، ۱] می‌برد. از دادهٔ بدمقیاس شروع کنید (با نرخ ۰٫۳: مقدارهای کمینه-بیشینه حول ۰ نیستند، پس گام‌های کوچک کُند خواهند بود)، بدون مقیاس‌بندی آموزش دهید، سپس کمینه-بیشینه را انتخاب کنید و دوباره آموزش دهید. با استانداردسازی مقایسه کنید: هر دو مقیاس‌ها را درست می‌کنند؛ کمینه-بیشینه مقدارها را مثبت نگه می‌دارد و یک نقطهٔ دورافتاده آن را جابه‌جا می‌کند.";
    ClaimNormalize => "At rate 0.3, min-max scaled, the training loss falls below 0.2 within 200 epochs; unscaled, it does not.", "با نرخ ۰٫۳ و مقیاس کمینه-بیشینه خطای آموزش در ۲۰۰ دوره به زیر ۰٫۲ می‌رسد؛ بدون مقیاس‌بندی نمی‌رسد.";
    LessonEqualize => "Histogram equalization", "یکسان‌سازی هیستوگرام";
    LessonEqualizeText => "These handwritten digits were photographed under uneven light: a gradient, a vignette, a veil. Look at the images and their histograms, train, and note the test accuracy. Then choose global equalization, then CLAHE, which equalizes tile by tile, and train again each time.", "این رقم‌های دست‌نویس زیر نور ناهموار عکاسی شده‌اند: شیب نور، سایهٔ لبه‌ها، مه. به تصویرها و هیستوگرامشان نگاه کنید، آموزش دهید و دقت آزمون را یادداشت کنید. سپس یکسان‌سازی سراسری و بعد CLAHE را که کاشی به کاشی یکسان می‌کند انتخاب کنید و هر بار دوباره آموزش دهید.";
    ClaimEqualize => "Uneven lighting costs the CNN more than 3 points of test accuracy; global equalization wins back more than 2, CLAHE more than 3 (seed 1, 10 epochs).", "نور ناهموار بیش از ۳ واحد از دقت آزمون CNN می‌کاهد؛ یکسان‌سازی سراسری بیش از ۲ واحد و CLAHE بیش از ۳ واحد را برمی‌گرداند (بذر ۱، ۱۰ دوره).";
    LessonAugment => "Data augmentation", "داده‌افزایی";
    LessonAugmentText => "The CNN has only 50 training digits. Augmentation shows it new versions of them every epoch: shifted, rotated, zoomed. Look at the preview grid, train, and compare the test accuracy with augmentation switched off (set every amount to 0). It needs more epochs than plain training.", "CNN فقط ۵۰ رقم آموزشی دارد. داده‌افزایی در هر دوره نسخه‌های تازه‌ای از آن‌ها نشانش می‌دهد: جابه‌جا، چرخیده، بزرگ‌نمایی‌شده. به شبکهٔ پیش‌نمایش نگاه کنید، آموزش دهید و دقت آزمون را با حالت بدون داده‌افزایی (همهٔ مقدارها ۰) مقایسه کنید. به دوره‌های بیشتری از آموزش معمولی نیاز دارد.";
    ClaimAugment => "On 50 training digits, augmentation raises the mean test accuracy of three seeds by more than 3 points (150 epochs).", "روی ۵۰ رقم آموزشی، داده‌افزایی میانگین دقت آزمون سه بذر را بیش از ۳ واحد بالا می‌برد (۱۵۰ دوره).";
    LessonArchitecture => "Choosing the architecture", "انتخاب معماری";
    LessonArchitectureText => "How many layers and neurons? Start from a ready-made model, grow a small network until it stops improving, or search at random. Press \"Grow until no improvement\": each round trains every one-step-larger network for the same epochs and keeps the best on a validation split held out of the training data. Watch the accuracy climb and then flatten against the parameter count; then run a random search and compare its best with growth's.", "چند لایه و چند نورون؟ از یک مدل آماده شروع کنید، شبکه‌ای کوچک را تا وقتی بهتر نمی‌شود بزرگ کنید، یا تصادفی جست‌وجو کنید. «رشد تا توقف بهبود» را بزنید: هر دور همهٔ شبکه‌های یک‌گام بزرگ‌تر را با همان تعداد دوره آموزش می‌دهد و بهترین را روی داده‌ای اعتبارسنجی که از دادهٔ آموزش کنار گذاشته شده نگه می‌دارد. ببینید دقت در برابر تعداد پارامترها بالا می‌رود و سپس صاف می‌شود؛ سپس جست‌وجوی تصادفی را اجرا کنید و بهترینش را با نتیجهٔ رشد مقایسه کنید.";
    ClaimArchitecture => "On the spiral, 8-8-8 neurons beat 2 neurons by more than 20 points of test accuracy, and 64-64-64 (nearly 50 times the parameters) gains less than 3 points more (seed 1, 100 epochs).", "روی مارپیچ، ۸-۸-۸ نورون بیش از ۲۰ واحد دقت آزمون از ۲ نورون بهتر است، و ۶۴-۶۴-۶۴ (نزدیک ۵۰ برابر پارامتر) کمتر از ۳ واحد بیشتر بهتر می‌شود (بذر ۱، ۱۰۰ دوره).";
    TrialLayersD2 => "2 neurons", "۲ نورون";
    TrialLayersD8x3 => "8-8-8 neurons", "۸-۸-۸ نورون";
    TrialLayersD64x3 => "64-64-64 neurons", "۶۴-۶۴-۶۴ نورون";
    LessonSequences => "Sequences need a network that reads time", "دنباله به شبکه‌ای نیاز دارد که زمان را بخواند";
    LessonSequencesText => "MNIST-1D: ten 1-D patterns, shifted, stretched and noisy. The fully connected network (MLP 32) sees all 40 steps at once and must learn each pattern at every position. Train it; then choose the 1-D CNN or the GRU among the ready-made models (about as many parameters) and train again. Then try a forecast (Sines: the GRU follows the series) and the adding problem with a plain RNN against a GRU: the gradient chart shows the RNN forgetting.", "MNIST-1D: ده الگوی یک‌بعدی، جابه‌جاشده، کشیده و نوفه‌دار. شبکهٔ تمام‌متصل (MLP ۳۲) هر ۴۰ گام را یک‌جا می‌بیند و باید هر الگو را در هر جایگاه یاد بگیرد. آن را آموزش دهید؛ سپس از مدل‌های آماده CNN یک‌بعدی یا GRU را (با تعداد پارامتر تقریباً برابر) برگزینید و دوباره آموزش دهید. بعد پیش‌بینی (سینوس‌ها: GRU سری را دنبال می‌کند) و مسئلهٔ جمع را با RNN ساده در برابر GRU بیازمایید: نمودار گرادیان فراموشی RNN را نشان می‌دهد.";
    ClaimSequences => "On MNIST-1D, a 1-D CNN and a GRU each beat a fully connected network of about the same size by more than 20 points of test accuracy (seed 1, 20 epochs).", "روی MNIST-1D، یک CNN یک‌بعدی و یک GRU هر کدام بیش از ۲۰ واحد دقت آزمون از شبکهٔ تمام‌متصل هم‌اندازه بهترند (بذر ۱، ۲۰ دوره).";
    LessonTransfer => "Transfer learning: a pretrained network on little data", "یادگیری انتقالی: شبکهٔ ازپیش‌آموخته با دادهٔ کم";
    LessonTransferText => "The target task has five new shapes and only 50 labelled images. A network already trained on 4,000 images of five other shapes lends its weights. Press Train the three: from scratch, with the pretrained convolution layers frozen (padlocks), and pretrained and fine-tuned, on one chart. Then open a padlock (unfreeze one more layer), or set the training images used to 0 (all 500): the gap narrows. Choose the model trained on digits 0–4 instead: a far domain helps little.", "کار هدف پنج شکل تازه و فقط ۵۰ تصویر برچسب‌دار دارد. شبکه‌ای که پیش‌تر بر ۴٬۰۰۰ تصویر از پنج شکل دیگر آموزش دیده وزن‌هایش را وام می‌دهد. «آموزش هر سه» را بزنید: از صفر، با لایه‌های کانولوشن ازپیش‌آموختهٔ منجمد (قفل‌ها)، و ازپیش‌آموخته با تنظیم دقیق، روی یک نمودار. سپس یک قفل را باز کنید (یک لایهٔ دیگر را از انجماد درآورید) یا تصویرهای آموزشی به کار رفته را ۰ کنید (همهٔ ۵۰۰): فاصله کم می‌شود. به جای آن، مدل آموخته بر ارقام ۰ تا ۴ را برگزینید: حوزه‌ای دور کمک چندانی نمی‌کند.";
    ClaimTransfer => "With 50 training images, starting from the network pretrained on other shapes beats training from scratch by more than 8 points of test accuracy, frozen or fine-tuned (seeds 1 and 2, 30 epochs).", "با ۵۰ تصویر آموزشی، شروع از شبکهٔ ازپیش‌آموخته بر شکل‌های دیگر، منجمد یا با تنظیم دقیق، بیش از ۸ واحد دقت آزمون از آموزش از صفر بهتر است (بذرهای ۱ و ۲، ۳۰ دوره).";
    TrialScratch => "From scratch", "از صفر";
    TrialFrozen => "Pretrained, frozen", "ازپیش‌آموخته، منجمد";
    TrialFineTuned => "Pretrained, fine-tuned", "ازپیش‌آموخته، تنظیم دقیق";
    TrainedOn => "trained on", "آموخته بر";
    HelpTransferPanel => "Three runs on the same data from the same seed: from scratch (random weights), starting from the pretrained model with its frozen layers kept (padlocks in the layer editor; with none closed, every hidden layer), and starting from it with every layer fine-tuned (at the transferred layers' rate). Each trains the same epochs; the chart shows their test accuracy.", "سه اجرا روی همان داده با همان بذر: از صفر (وزن‌های تصادفی)، شروع از مدل ازپیش‌آموخته با لایه‌های منجمدش (قفل‌ها در ویرایشگر لایه‌ها؛ اگر هیچ‌کدام بسته نباشد، همهٔ لایه‌های پنهان)، و شروع از آن با تنظیم دقیق همهٔ لایه‌ها (با نرخ لایه‌های منتقل‌شده). هر کدام همان تعداد دوره آموزش می‌بیند؛ نمودار دقت آزمونشان را نشان می‌دهد.";
    TrainThree => "Train the three", "آموزش هر سه";
    HelpTrainThree => "Train the three runs side by side, 30 epochs each (training of the main run pauses meanwhile).", "سه اجرا را کنار هم آموزش بده، هر کدام ۳۰ دوره (آموزش اجرای اصلی در این مدت می‌ایستد).";
    TransferRunning => "Training the three runs", "در حال آموزش سه اجرا";
    TransferChartTitle => "Test accuracy of the three runs", "دقت آزمون سه اجرا";
    HelpTransferChart => "Each line is one run's test accuracy after each epoch, from epoch 0 (before training). With little data the pretrained runs start higher and stay ahead; with much data the run from scratch catches up.", "هر خط دقت آزمون یک اجرا پس از هر دوره است، از دورهٔ ۰ (پیش از آموزش). با دادهٔ کم اجراهای ازپیش‌آموخته بالاتر شروع می‌کنند و جلو می‌مانند؛ با دادهٔ زیاد اجرای از صفر می‌رسد.";
    Cancelled => "cancelled", "لغو شد";
    SaveWeights => "Save weights", "ذخیرهٔ وزن‌ها";
    HelpSaveWeights => "Download this run's weights as a safetensors file (PyTorch's names and layouts, as the command line's --save-weights); the settings travel inside it.", "وزن‌های این اجرا را به شکل پروندهٔ safetensors بارگیری کن (با نام‌ها و چینش‌های PyTorch، مانند ‎--save-weights‎ خط فرمان)؛ تنظیمات درون آن همراهش می‌آیند.";
    LoadWeights => "Load weights…", "بارگذاری وزن‌ها…";
    HelpLoadWeights => "Load weights from a safetensors file into this network: its settings (when the file has them) come with it; a file whose shapes do not fit is refused in words and the run stays as it was.", "وزن‌ها را از یک پروندهٔ safetensors در این شبکه بارگذاری کن: تنظیماتش (اگر پرونده داشته باشد) همراهش می‌آیند؛ پرونده‌ای که شکل‌هایش جور نباشد با توضیح رد می‌شود و اجرا همان می‌ماند.";
    WeightsLoaded => "Weights loaded: the run starts from them.", "وزن‌ها بارگذاری شد: اجرا از آن‌ها شروع می‌شود.";
    PanelTransfer => "Transfer: three runs", "انتقال: سه اجرا";
    LessonCnn => "The network for the data: images need a CNN", "شبکهٔ مناسب داده: تصویر به CNN نیاز دارد";
    LessonCnnText => "The shapes sit at random places in the image. A fully connected network (MLP) must learn each shape at every position; a convolution's filter finds a pattern wherever it is. Train the MLP, then set the layers to c8k3,mp2,c16k3,mp2 (about as many parameters) and train again.", "شکل‌ها در جاهای تصادفی تصویرند. یک شبکهٔ تمام‌متصل (MLP) باید هر شکل را در هر مکان جداگانه یاد بگیرد؛ فیلتر یک کانولوشن الگو را هر جا که باشد پیدا می‌کند. MLP را آموزش دهید، سپس لایه‌ها را c8k3,mp2,c16k3,mp2 بگذارید (با تعداد پارامتر تقریباً برابر) و دوباره آموزش دهید.";
    ClaimCnn => "On shifted shapes, a CNN beats an MLP of about the same size by more than 10 points of test accuracy (seeds 1 and 2, 15 epochs).", "روی شکل‌های جابه‌جاشده، CNN از MLP هم‌اندازه بیش از ۱۰ واحد دقت آزمون بهتر است (بذرهای ۱ و ۲، ۱۵ دوره).";
    LessonLosses => "Choosing the loss function", "انتخاب تابع خطا";
    LessonLossesText => "The loss decides how an error is counted. Read the formula beside the loss selector, train with cross-entropy, then with mean squared error and with hinge, and compare the curves and the boundaries. All of them can learn the spiral; they punish confident mistakes differently.", "تابع خطا تعیین می‌کند خطا چگونه شمرده شود. فرمول کنار انتخاب‌گر تابع خطا را بخوانید، با آنتروپی متقاطع آموزش دهید، سپس با میانگین مربع خطا و با هینج، و منحنی‌ها و مرزها را مقایسه کنید. همه می‌توانند مارپیچ را یاد بگیرند؛ خطاهای با اطمینان را متفاوت جریمه می‌کنند.";
    ClaimLosses => "Mean squared error, cross-entropy and hinge each reach at least 75 % test accuracy on the spiral (300 epochs of Adam; chance is 50 %); which one leads depends on the data.", "میانگین مربع خطا، آنتروپی متقاطع و هینج هر کدام روی مارپیچ دست‌کم به ۷۵٪ دقت آزمون می‌رسند (۳۰۰ دورهٔ Adam؛ شانس ۵۰٪ است)؛ این‌که کدام جلو باشد به داده بستگی دارد.";
    LessonSurface => "The loss surface", "سطح خطا";
    LessonSurfaceText => "Every setting of the weights has a loss; together they form a surface. This network has no hidden layer, so its surface is a smooth bowl. Press Play slowly and watch the path step down the surface toward the lowest point. Then add a hidden layer and look at the surface again.", "هر مقدار وزن‌ها خطایی دارد؛ همهٔ آن‌ها با هم یک سطح می‌سازند. این شبکه لایهٔ پنهان ندارد، پس سطحش کاسه‌ای هموار است. اجرا را با سرعت کم بزنید و ببینید مسیر گام به گام روی سطح به سوی پایین‌ترین نقطه می‌رود. سپس یک لایهٔ پنهان اضافه کنید و دوباره به سطح نگاه کنید.";
    ClaimSurface => "Gradient descent goes down: after 100 epochs the training loss is less than half of what it was after the first.", "نزول گرادیان پایین می‌رود: پس از ۱۰۰ دوره خطای آموزش کمتر از نصف مقدارش پس از دورهٔ اول است.";
    LessonOptimizers => "Optimizers race", "مسابقهٔ بهینه‌سازها";
    LessonOptimizersText => "SGD, momentum, RMSprop, Adagrad, Adadelta and Adam start from the same point of the same surface. Press Race and watch their paths: momentum overshoots and rolls back, Adam's steps adapt to each direction. Change the test function, then train the network below with each optimizer.", "SGD، مومنتوم، RMSprop، Adagrad، Adadelta و Adam از یک نقطه روی یک سطح شروع می‌کنند. مسابقه را بزنید و مسیرهایشان را ببینید: مومنتوم از کف رد می‌شود و برمی‌گردد، گام‌های Adam با هر جهت تطبیق می‌یابند. تابع آزمون را عوض کنید، سپس شبکهٔ پایین را با هر بهینه‌ساز آموزش دهید.";
    ClaimOptimizers => "On the spiral, Adam brings the training loss below 0.4 in fewer epochs than plain SGD (at each one's usual rate).", "روی مارپیچ، Adam خطای آموزش را در دوره‌های کمتری از SGD ساده به زیر ۰٫۴ می‌رساند (هر کدام با نرخ معمول خود).";
    LessonBackprop => "Back-propagation, step by step", "پس‌انتشار، گام به گام";
    LessonBackpropText => "A tiny network with every number shown. Step through the forward pass neuron by neuron, the loss, then the gradients from the output back to the first layer, and the update w' = w − α·∂L/∂w. Type your own weights and inputs, and compare each gradient with its finite-difference check.", "یک شبکهٔ کوچک با نمایش همهٔ اعداد. گذر رو به جلو را نورون به نورون پیش بروید، سپس خطا، سپس گرادیان‌ها را از خروجی به عقب تا لایهٔ اول، و به‌روزرسانی w' = w − α·∂L/∂w را. وزن‌ها و ورودی‌های خودتان را بنویسید و هر گرادیان را با بررسی تفاضل محدودش مقایسه کنید.";
    LessonLearningRate => "The learning rate", "نرخ یادگیری";
    LessonLearningRateText => "The rate is the size of each step. At 3 the steps overshoot the valley of the surface; lower it to 0.1 and the path settles; at 0.001 it barely moves. Raise it to 10 and the run diverges: the page says so and stops, and you can lower the rate and go on.", "نرخ، اندازهٔ هر گام است. با ۳ گام‌ها از درّهٔ سطح فراتر می‌روند؛ آن را به ۰٫۱ برسانید و مسیر آرام می‌گیرد؛ با ۰٫۰۰۱ تقریباً حرکت نمی‌کند. آن را به ۱۰ برسانید و اجرا واگرا می‌شود: صفحه این را می‌گوید و می‌ایستد، و می‌توانید نرخ را پایین بیاورید و ادامه دهید.";
    ClaimLearningRate => "Within 200 epochs: at rate 0.001 the training loss does not reach 0.3, at 0.1 it does, and at 10 it never settles below it.", "در ۲۰۰ دوره: با نرخ ۰٫۰۰۱ خطای آموزش به ۰٫۳ نمی‌رسد، با ۰٫۱ می‌رسد، و با ۱۰ هرگز زیر آن آرام نمی‌گیرد.";
    LessonBatchNorm => "Batch normalization", "نرمال‌سازی دسته‌ای";
    LessonBatchNormText => "Six sigmoid layers: the gradient fades on its way back and the network hardly trains. Run B is the same network with batch normalization in every layer, which keeps each layer's outputs in a normal range. Press Play, compare the two runs' loss curves, and look at the layers' activity.", "شش لایهٔ سیگموید: گرادیان در راه بازگشت محو می‌شود و شبکه به‌سختی آموزش می‌بیند. اجرای B همان شبکه با نرمال‌سازی دسته‌ای در همهٔ لایه‌هاست که خروجی هر لایه را در بازهٔ عادی نگه می‌دارد. اجرا را بزنید، منحنی‌های خطای دو اجرا را مقایسه کنید و به فعالیت لایه‌ها نگاه کنید.";
    ClaimBatchNorm => "With batch norm, the deep sigmoid network's training loss is below 0.3 within 31 epochs; without, not within 40.", "با نرمال‌سازی دسته‌ای خطای آموزش شبکهٔ سیگموید عمیق در ۳۱ دوره به زیر ۰٫۳ می‌رسد؛ بدون آن در ۴۰ دوره نمی‌رسد.";
    LessonDropout => "Dropout", "حذف تصادفی (Dropout)";
    LessonDropoutText => "A big network on 30 noisy points memorizes them: its training loss goes to zero while the test loss climbs. Run B is the same network with dropout 0.2: in every step some neurons are switched off at random (crossed out on the diagram), so no neuron can rely on another. Press Play and compare the gap between each run's two curves.", "یک شبکهٔ بزرگ روی ۳۰ نقطهٔ نویزی آن‌ها را حفظ می‌کند: خطای آموزش به صفر می‌رسد و خطای آزمون بالا می‌رود. اجرای B همان شبکه با حذف تصادفی ۰٫۲ است: در هر گام چند نورون به‌تصادف خاموش می‌شوند (نورون‌های خط‌خورده روی نمودار)، پس هیچ نورونی نمی‌تواند به دیگری تکیه کند. اجرا را بزنید و فاصلهٔ دو منحنی هر اجرا را مقایسه کنید.";
    ClaimDropout => "Without dropout the gap between test and training loss is above 1; dropout 0.2 shrinks it to under a quarter (500 epochs).", "بدون حذف تصادفی فاصلهٔ خطای آزمون و آموزش بیش از ۱ است؛ حذف ۰٫۲ آن را به کمتر از یک‌چهارم می‌رساند (۵۰۰ دوره).";
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

/// A layer description's problem in words.
pub fn arch_problem(p: &crate::engine::ArchProblem, lang: Lang) -> String {
    use crate::engine::ArchProblem as P;
    match *p {
        P::TooManyLayers { count } => format!("{} {} ({})", lang.t(T::ArchTooMany), lang.digits(&crate::engine::arch::MAX_LAYERS.to_string()), lang.digits(&count.to_string())),
        P::NeedsImage { layer } => format!("{} {} {}", lang.t(T::Layer), lang.digits(&(layer + 1).to_string()), lang.t(T::ArchNeedsImage)),
        P::NeedsSequence { layer } => format!("{} {} {}", lang.t(T::Layer), lang.digits(&(layer + 1).to_string()), lang.t(T::ArchNeedsSequence)),
        P::TooSmall { layer, side } => {
            format!("{} {} {} {}×{}", lang.t(T::Layer), lang.digits(&(layer + 1).to_string()), lang.t(T::ArchTooSmall), lang.digits(&side.to_string()), lang.digits(&side.to_string()))
        }
    }
}

/// A shipped pretrained model's name.
pub fn pretrained_name(model: crate::engine::transfer::Pretrained) -> T {
    use crate::engine::transfer::Pretrained as M;
    match model {
        M::Digits04 => T::PretrainedDigits04,
        M::Shapes => T::PretrainedShapes,
    }
}

/// An engine problem in words, in `lang`.
pub fn problem_text(p: &crate::engine::Problem, lang: Lang) -> String {
    use crate::engine::images::ImageError as I;
    use crate::engine::Problem as P;
    let n = |v: usize| lang.digits(&v.to_string());
    let x = |v: f64| lang.digits(&format!("{v}"));
    match p {
        P::TooFewOwnPoints { have } => format!("{} {}. {}", lang.t(T::PbTooFewOwn), n(*have), lang.t(T::PbTooFewOwnHint)),
        P::TooFewPoints => lang.t(T::PbTooFewPoints).into(),
        P::NoFeature => lang.t(T::PbNoFeature).into(),
        P::NoTestLeft => lang.t(T::PbNoTestLeft).into(),
        P::LossNeedsClasses { loss } => {
            let name = lang.t(crate::settings::Named::label(*loss));
            format!("{name}: {}", lang.t(T::PbLossNeedsClasses))
        }
        P::BatchZero => lang.t(T::PbBatchZero).into(),
        P::CleanedAll { had } => format!("{} {}", lang.t(T::PbCleanedAll), n(*had)),
        P::MissingValues { train, train_of, test, test_of } => {
            let mut s = lang.t(T::PbMissing).to_string();
            if *train > 0 {
                s += &format!(" {} {} / {}.", lang.t(T::PbTrainWith), n(*train), n(*train_of));
            }
            if *test > 0 {
                s += &format!(" {} {} / {}.", lang.t(T::PbTestWith), n(*test), n(*test_of));
            }
            s
        }
        P::DropoutRate { rate, max } => format!("{} {} ({})", lang.t(T::PbDropout), x(*max), x(*rate)),
        P::Arch(a) => arch_problem(a, lang),
        P::Images(I::Points { points, min, max }) => format!("{} {} {} {} ({})", lang.t(T::PbImagePoints), n(*min), lang.t(T::To), n(*max), n(*points)),
        P::Images(I::Size { size, min, max }) => format!("{} {} {} {} ({})", lang.t(T::PbImageSize), n(*min), lang.t(T::To), n(*max), n(*size)),
        P::Images(I::Noise { noise, max }) => format!("{} {} ({})", lang.t(T::PbImageNoise), x(*max), x(*noise)),
        P::Images(I::Fraction { .. }) => lang.t(T::PbImageFraction).into(),
        P::Images(I::Asset { .. }) => lang.t(T::PbImageAsset).into(),
        P::Sequences(e) => {
            use crate::engine::sequences::SeqError as S;
            let range = |label: T, v: usize, min: usize, max: usize| format!("{}: {} {} {} ({})", lang.t(label), n(min), lang.t(T::To), n(max), n(v));
            match *e {
                S::Count { count, min, max } => range(T::Points, count, min, max),
                S::Window { window, min, max } => range(T::Window, window, min, max),
                S::Horizon { horizon, min, max } => range(T::Horizon, horizon, min, max),
                S::Length { len, min, max } => range(T::SeqLen, len, min, max),
                S::Noise { noise, max } => format!("{} {} ({})", lang.t(T::PbSeqNoise), x(max), x(noise)),
                S::Fraction { .. } => lang.t(T::PbImageFraction).into(),
            }
        }
        P::CurveSizes { max } => format!("{} {}", lang.t(T::PbCurveSizes), n(*max)),
        P::CurveTooFew { have } => format!("{} {}", lang.t(T::PbCurveTooFew), n(*have)),
        P::SearchSettings { max_trials, max_budget } => format!("{} {} / {}", lang.t(T::PbSearchSettings), n(*max_trials), n(*max_budget)),
        P::ClaimSize { trials, epochs } => format!("{} {} / {}", lang.t(T::PbClaimSize), n(*trials), n(*epochs)),
        P::WeightsMissing { name } => format!("{} {name}", lang.t(T::PbWeightsMissing)),
        P::WeightsShape { name, file, network } => format!("{name} {} {file:?} ≠ {network:?}", lang.t(T::PbWeightsShape)),
        P::WeightsFile { message } => format!("{} {message}", lang.t(T::PbWeightsFile)),
        P::PretrainedMissing { model } => format!("{} {}", lang.t(T::PbPretrainedMissing), lang.t(pretrained_name(*model))),
        P::PretrainedLayers { model } => format!("{} {}", lang.t(T::PbPretrainedLayers), lang.t(pretrained_name(*model))),
        P::HeadClasses { file, task, .. } => format!("{} {} / {}", lang.t(T::PbHeadClasses), n(*file), n(*task)),
        P::BaseRateScale { scale } => format!("{} {}", lang.t(T::PbBaseRateScale), x(*scale)),
        P::BowlShape { condition, rotation } => format!("{} {} / {}°", lang.t(T::PbBowlShape), x(*condition), x(*rotation)),
        P::RaceRacers { have, max } => format!("{} {} ({})", lang.t(T::PbRaceRacers), n(*max), n(*have)),
        P::RaceSteps { have, max } => format!("{} {} ({})", lang.t(T::PbRaceSteps), n(*max), n(*have)),
        P::LabSize { inputs, hidden, outputs } => {
            let hidden: Vec<String> = hidden.iter().map(|h| n(*h)).collect();
            format!("{} {} → [{}] → {}", lang.t(T::PbLabSize), n(*inputs), hidden.join(", "), n(*outputs))
        }
        P::LabCeNeedsSigmoid => lang.t(T::PbLabCeNeedsSigmoid).into(),
        P::LabRate { lr } => format!("{} {}", lang.t(T::PbLabRate), x(*lr)),
        P::LabWeights { widths } => format!("{} {}", lang.t(T::PbLabWeights), widths.iter().map(|w| n(*w)).collect::<Vec<_>>().join("-")),
        P::LabBatch { have, max } => format!("{} {} ({})", lang.t(T::PbLabBatch), n(*max), n(*have)),
        P::LabExample { inputs, outputs, got_inputs, got_outputs } => {
            format!("{} {} / {} ({} / {})", lang.t(T::PbLabExample), n(*inputs), n(*outputs), n(*got_inputs), n(*got_outputs))
        }
        P::Internal { message } => format!("{} {message}", lang.t(T::PbInternal)),
    }
}

#[cfg(test)]
mod problem_tests {
    use super::*;
    use crate::engine::images::ImageError;
    use crate::engine::{ArchProblem, LossKind, Problem};

    /// Every problem a user can meet reads in both languages; the Persian text uses Persian
    /// digits.
    #[test]
    fn every_problem_has_words_in_both_languages() {
        let all = [
            Problem::TooFewOwnPoints { have: 1 },
            Problem::TooFewPoints,
            Problem::NoFeature,
            Problem::NoTestLeft,
            Problem::LossNeedsClasses { loss: LossKind::Hinge },
            Problem::BatchZero,
            Problem::CleanedAll { had: 12 },
            Problem::MissingValues { train: 3, train_of: 250, test: 1, test_of: 250 },
            Problem::DropoutRate { rate: 0.95, max: 0.9 },
            Problem::Arch(ArchProblem::NeedsImage { layer: 0 }),
            Problem::Arch(ArchProblem::TooSmall { layer: 2, side: 1 }),
            Problem::Arch(ArchProblem::TooManyLayers { count: 9 }),
            Problem::Images(ImageError::Size { size: 40, min: 8, max: 32 }),
            Problem::Images(ImageError::Points { points: 1, min: 2, max: 20000 }),
            Problem::Images(ImageError::Noise { noise: 0.7, max: 0.5 }),
            Problem::Images(ImageError::Fraction { fraction: 1.0 }),
            Problem::Images(ImageError::Asset { offset: 3 }),
            Problem::CurveSizes { max: 5000 },
            Problem::CurveTooFew { have: 1 },
            Problem::ClaimSize { trials: 16, epochs: 2000 },
            Problem::WeightsMissing { name: "output.weight".into() },
            Problem::WeightsShape { name: "layers.0.weight".into(), file: vec![4, 1, 3, 3], network: vec![5, 1, 3, 3] },
            Problem::BowlShape { condition: 0.5, rotation: 30.0 },
            Problem::RaceRacers { have: 7, max: 6 },
            Problem::RaceSteps { have: 9000, max: 5000 },
            Problem::LabSize { inputs: 4, hidden: vec![2], outputs: 1 },
            Problem::LabCeNeedsSigmoid,
            Problem::LabRate { lr: -1.0 },
            Problem::LabWeights { widths: vec![2, 2, 2] },
            Problem::LabBatch { have: 5, max: 4 },
            Problem::LabExample { inputs: 2, outputs: 2, got_inputs: 1, got_outputs: 2 },
            Problem::Internal { message: "x".into() },
        ];
        for p in &all {
            let (en, fa) = (problem_text(p, Lang::En), problem_text(p, Lang::Fa));
            assert!(en.len() > 10 && fa.len() > 10, "{p:?}");
            assert!(fa.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "{p:?}: {fa}");
        }
        assert_eq!(problem_text(&all[0], Lang::Fa).contains('۱'), true);
        assert!(problem_text(&all[4], Lang::En).starts_with("Hinge"), "{}", problem_text(&all[4], Lang::En));
        assert!(problem_text(&all[9], Lang::En).starts_with("Layer 1 needs images"));
    }
}
