# The page's text in English. The static part is also index.html's own text (shown before the
# scripts run); setting keys and library names (lr, HorizontalFlip, Adam) stay as they are.

neural-network-lab = neural-network lab
train-in-your-browser-your = Train in your browser. Your images never leave this machine.
language = Language
labs = Labs
settings = Settings
train = Train
    .title = Train, or run the grid (Space in the presenter view)
presenter-view = Presenter view
    .title = Large curves and status for a projector; Space runs or stops, ← → change the lab
choose-a-folder = choose a folder
dataset = Dataset
demo-fashion-mnist-subset = Demo: Fashion-MNIST subset
my-folder = My folder
your-own-images = Your own images:
drop-folder-or-zip = drop a folder or a .zip here, or
decoded-and-trained-on-in = Decoded and trained on in this tab: the images never leave this machine.
which-folder-layouts-work = Which folder layouts work
demo-name = Fashion-MNIST (subset):
augmentation-preview-what-the-network = Augmentation preview: what the network sees
the-same-train-images-each = The same train images each time: first as loaded, then augmented with the settings (train split only).
re-sample = Re-sample
preprocessing-a-compose-in-this = Preprocessing (A.Compose, in this order)
antialiased-every-pixel-counts = antialiased (every pixel counts)
inter-linear-a-resize-default = INTER_LINEAR (A.Resize default)
imagenet-mean-std-a-normalize = ImageNet mean/std (A.Normalize default)
mean-std-of-the-train = mean/std of the train split
none-x-255 = none (x / 255)
augmentation-train-split-only-p = Augmentation (train split only; p = probability, 0 = off)
albumentations-own-default-p-is = Albumentations' own default p is 0.5 for each; here every op starts off.
model = Model
global-average-pool = Global average pool
leakyrelu-0-01 = LeakyReLU (0.01)
pytorch-default = PyTorch default
xavier-glorot-uniform = Xavier (Glorot) uniform
xavier-glorot-normal = Xavier (Glorot) normal
he-kaiming-normal = He (Kaiming) normal
he-kaiming-uniform = He (Kaiming) uniform
uniform-a-b = Uniform(a, b)
normal-0-std = Normal(0, std)
optimization = Optimization
sgd-momentum = SGD + momentum
sgd-nesterov = SGD + Nesterov
optimizer-defaults-pytorch-s-set = Optimizer defaults (PyTorch's, set explicitly where burn's differ)
settings-2 = settings
burn-s-own-default = burn's own default
sgd-momentum-nesterov = SGD + momentum / Nesterov
dampening-0 = dampening 0
dampening-0-1 = dampening 0.1
betas-0-9-0-999 = betas (0.9, 0.999), eps 1e-8, L2 added to the gradient
eps-1e-5 = eps 1e-5
betas-0-9-0-999-2 = betas (0.9, 0.999), eps 1e-8, decay p ← p·(1 − lr·wd)
eps-1e-5-wd-1e = eps 1e-5, wd 1e-4
alpha-0-99-eps-1e = alpha 0.99, eps 1e-8, momentum 0, not centered
eps-1e-5-momentum-0 = eps 1e-5, momentum 0.9
learning-rate-schedule-and-callbacks = Learning-rate schedule and callbacks
constant = Constant
cosine-decay = Cosine decay
reducelronplateau-val-loss = ReduceLROnPlateau (val_loss)
best-epoch-restore-best-weights = best epoch (restore best weights)
last-epoch = last epoch
run = Run
auto-webgpu-on-a-real = Auto (WebGPU on a real GPU, else CPU)
training = Training
train-2 = Train
stop = Stop
export-run = Export run
model-summary = Model summary
click-a-cell-of-the = Click a cell of the matrix, or pick one of its confusions under Show, to see its images below.
validation-images = Validation images
all = all
misclassified-only = misclassified only
weights-and-gradients = Weights and gradients
weights = weights
gradients-last-batch-of-the = gradients (last batch of the epoch)
epoch = epoch
train-loss = train loss
train-acc = train acc
val-loss = val loss
val-acc = val acc
seconds = seconds
download-model-safetensors = Download model (.safetensors)
export-to-pytorch-zip = Export to PyTorch (.zip)
evaluate-on-the-validation-split = Evaluate on the validation split
predict = Predict:
predict-drop = drop images here, or
predict-how = . Each is resized and normalised as training did; the bars show its three most likely classes.
grid-search = Grid search
run-grid = Run grid
stop-grid = Stop grid
resume-grid = Resume grid
runs = Runs
runs-kept = Every run is kept in this browser (IndexedDB) as it trains, until you delete it.
delete-selected = Delete selected
delete-the-oldest-half = Delete the oldest half
no-runs-yet = No runs yet.
compare-the-selected-runs = Compare the selected runs
val-accuracy = val accuracy
train-accuracy = train accuracy
learning-rate = learning rate
footer-demo-data = Demo data:
fashion-mnist = Fashion-MNIST
grid = Grid
use = Use
choose-a-zip = choose a .zip
resize-s-s = Resize S×S
interpolation = interpolation
validation-share = Validation share
normalize = Normalize
conv-channels = Conv channels
kernel = Kernel
head = Head
hidden-layers = Hidden layers
activation = Activation
init = Init
optimizer = Optimizer
learning-rate-2 = Learning rate
momentum = Momentum
weight-decay = Weight decay
batch-size = Batch size
epochs = Epochs
schedule = Schedule
monitor = Monitor
report = Report
train-images-0-all = Train images (0 = all)
seed = Seed
backend = Backend
cpu-threads = CPU threads
epoch-2 = Epoch
show = Show
of = Of
load-a-model-file = load a model file
choose-images = choose images
settings-to-vary = Settings to vary
seeds-per-combination = Seeds per combination
workers = Workers
import-runs = import runs
settings-from-a-file = settings from a file
metric = Metric
grayscale = grayscale
row-normalised = row-normalised
train-on-from-this-model = Train on from this model (fine-tune: its weights and Normalize statistics; the settings must give the same layers, image size and classes)
sections-of-the-page =
    .aria-label = Sections of the page
previous-lab-in-the-presenter =
    .title = Previous lab (← in the presenter view)
    .aria-label = previous lab
next-lab-in-the-presenter =
    .title = Next lab (→ in the presenter view)
    .aria-label = next lab
train-images-as-loaded-then =
    .aria-label = Train images as loaded, then as augmented with the settings
a-resize-every-image-is =
    .title = A.Resize: every image is squashed to S×S when loaded; the model's input follows
how-a-resize-shrinks-or =
    .title = How A.Resize shrinks or enlarges each image (its interpolation)
share-of-each-class-held =
    .title = Share of each class held out for validation when the folder has no val/ folder
a-normalize-x-255-mean =
    .title = A.Normalize: (x / 255 − mean) / std per channel
randomresizedcrop-scale-ratio-back-to =
    .title = RandomResizedCrop(scale, ratio), back to the same size
area-fraction-lo-hi =
    .title = area fraction lo,hi
aspect-ratio-lo-hi =
    .title = aspect ratio lo,hi
shiftscalerotate-shift-as-a-fraction =
    .title = ShiftScaleRotate: shift as a fraction of the size, scale 1 ± scale_limit, rotation ± degrees; reflected border
randombrightnesscontrast-brightness-by-m =
    .title = RandomBrightnessContrast (brightness_by_max)
gaussnoise-std-drawn-from-std =
    .title = GaussNoise: std drawn from std_range, as a fraction of 255
output-channels-of-each-conv =
    .title = Output channels of each conv block: Conv → [BatchNorm] → activation → MaxPool 2x2 → [Dropout]
dense-hidden-layer-widths-after =
    .title = Dense hidden layer widths (after the CNN's head), input to output, e.g. 512,256 or 256,128,64
dropout-probability-after-each-hidden =
    .title = Dropout probability after each hidden layer
coupled-l2-added-to-the =
    .title = Coupled L2 (added to the gradient) for SGD, Adam and RMSprop; decoupled for AdamW
picks-the-best-epoch-and =
    .title = Picks the best epoch and drives early stopping
which-epoch-s-results-the =
    .title = Which epoch's results the run reports and exports
train-limit-hint =
    .title = 0 uses every training image
threads-a-run-s-cpu =
    .title = Threads a run's CPU kernels use (blank: every core a run may have). More than one needs a cross-origin isolated page; a grid's workers share the cores
loss-accuracy-and-learning-rate =
    .aria-label = Loss, accuracy and learning-rate curves by epoch; the epochs table below holds their numbers
confusion-matrix-heatmap-true-class =
    .aria-label = Confusion matrix heatmap, true class by row and predicted class by column; the classification report beside it holds its numbers, and Show lists its confusions
classification-report-scrolls =
    .aria-label = classification report (scrolls)
epochs-table-scrolls =
    .aria-label = epochs table (scrolls)
validation-images-scrolls =
    .aria-label = validation images (scrolls)
histograms-of-each-layer-s =
    .aria-label = Histograms of each layer's weights or gradients at the chosen epoch
workers-training-at-once-on =
    .title = Workers training at once on the CPU (one on WebGPU)
filter-runs =
    .placeholder = filter runs
the-selected-runs-curves-of =
    .aria-label = The selected runs' curves of the chosen metric, overlaid; the runs table holds their numbers
parallel-coordinates-each-selected-run =
    .aria-label = Parallel coordinates: each selected run as a line across its settings and scores; the runs table holds the same numbers
confusion-matrix-of-the-first =
    .aria-label = Confusion matrix of the first selected run; the F1 table below compares the two runs per class
confusion-matrix-of-the-second =
    .aria-label = Confusion matrix of the second selected run; the F1 table below compares the two runs per class
layout-one-folder-per-class = <code>my-data/<i>class</i>/*.jpg</code>: one folder per class; a stratified share of each class (the <i>validation share</i> setting, 20% by default) is held out for validation, chosen by the seed.
layout-train-val = <code>my-data/train/<i>class</i>/*</code> and <code>my-data/val/<i>class</i>/*</code> (also <code>valid</code>, <code>validation</code>): used as given. A <code>test/</code> folder is kept apart and scored once at the end.
layout-deeper = Files in deeper folders under a class belong to that class.
layout-hidden-files = Hidden and system files (<code>.DS_Store</code>, <code>Thumbs.db</code>, <code>__MACOSX/</code>, dotfiles) are ignored.
layout-formats = JPEG, PNG (8/16-bit, gray, RGBA, palette), GIF, BMP and WebP. Files that cannot be used are listed with the reason.
grid-help = Give settings a list of values, written as in the URL: every combination is a run of its own, listed below as soon as it starts. Lists of lists (<code>hidden</code>, <code>conv_channels</code>) separate their alternatives with <code>|</code>: <code>hidden=256,128|512</code>.
footer-credits = © Zalando SE, MIT licence (from Debian's <code>dataset-fashion-mnist</code>). Built with burn, plotters and wasm-bindgen.
page-title = aula — neural-network lab

# Text the scripts draw
leave-presenter-view = Leave presenter view

# Placeholders the scripts replace (a span, so that a switch does not bring them back)
status-loading = Loading…
counts-loading = loading…
no-model-yet = No model yet: train one, or load a model file exported here.

# Cross-origin isolation and CPU threads (isolation.js, threads.js)
isolation-not-secure = the page is not served over https or from localhost, so it cannot be cross-origin isolated
isolation-no-service-worker = the page is not cross-origin isolated and this browser offers it no service worker to fix that
isolation-still-not = the page is not cross-origin isolated, even through its service worker (the server may send headers that prevent it)
isolation-worker-failed = the page is not cross-origin isolated and its service worker could not start ({ $reason })
isolation-workers-blocked = the page is not cross-origin isolated and service workers are blocked here
isolation-hard-reload = the page is not cross-origin isolated on this load (a hard reload bypasses its service worker): reload it
isolation-next-visit = the page is not cross-origin isolated yet: its service worker isolates it from the next visit
isolation-no-storage = the page is not cross-origin isolated and cannot reload itself safely (its storage is blocked)
threads-banner-many = Its kernels run on { $threads } threads ({ $cores } cores).
threads-banner-one = Its kernels run on one thread: { $why }.
threads-note-many = { $threads } threads per run on the CPU ({ $cores } cores)
threads-note-one = one thread per run on the CPU: { $why }
threads-why-failed = the threaded worker could not start here ({ $reason })
threads-why-webgpu = a run that may use WebGPU trains in the single-threaded worker
threads-why-grid = { $lanes } grid workers share { $cores ->
    [one] { $cores } core
   *[other] { $cores } cores
}
threads-why-cores = this machine has { $cores ->
    [one] { $cores } core
   *[other] { $cores } cores
}
threads-why-setting = the threads setting asks for one
threads-placeholder = auto ({ $threads })

# The run in progress (run-view.js)
backend-banner = { $backend } backend — { $reason }
progress-line = Epoch { $epoch }/{ $epochs } · batch { $batch }/{ $batches } · { $speed } images/s · ETA { $eta }
epoch-partial = { $epoch } (partial)
summary-layer = layer
summary-output-shape = output shape
summary-params = params
summary-total = Total params
test-accuracy = Test accuracy ({ $count } images, the reported epoch's weights): { $accuracy }.
reported-epoch = Reported epoch { $epoch }: validation accuracy { $accuracy }.
stored-run-line = { $name }: { $status ->
    [running] running
    [interrupted] interrupted
    [halted] halted
    [stopped] stopped
    [early_stopped] early stopped
    [failed] failed
   *[done] done
}, { $epochs ->
    [one] { $epochs } epoch
   *[other] { $epochs } epochs
}

# Offline use (offline.js)
offline-caching = Saving the page for offline use…
offline-ready = Saved for offline use: after this visit the page loads and trains without a network.
offline-failed = Not saved for offline use
offline-failed-detail = Not saved for offline use: { $detail }
update-ready = A new version of the page is ready — reload to use it.
update-reload = Reload

# The settings form (config-form.js)
url-settings-unused = Some settings in the URL were not used: { $problems }
adamw-decay-filled = AdamW's PyTorch default weight decay, 0.01, was filled in.

# The status line (app.js)
folder-kept = { $name } stays loaded: Train and grids use it.
status-training = Training { $model ->
    [cnn] a CNN
   *[mlp] an MLP
} ({ $params } parameters) on { $train } images, validating on { $val }.
status-stopping-finishing = Stopping: the worker is finishing the run (the steps in flight, the epoch cut short, the test split)…
status-worker-failed = The page's worker failed: { $message }
status-halted-kept = The run is kept and can be exported.
status-done = { $how ->
    [stopped] Stopped
    [early_stopped] Stopped early (EarlyStopping)
   *[finished] Finished
} in { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s.
status-starting-worker = Starting the training worker…
status-stopping-batch = Stopping after this batch…
status-stopping-quiet = Stopping: the worker has not answered for { $seconds } s; after { $limit } s of silence it is ended (the results so far are kept).
status-stopping-working = Stopping: the worker is finishing the run…
status-stopped-silent = Stopped: the worker did not answer for { $limit } s and was ended; the results so far are kept.
folder-empty = { $name } holds no files.
selection-empty = The selection holds no files.
status-reading = Reading { $name }…
status-loaded = Loaded { $name }: { $images } images in { $classes } classes. Press Train.
status-module-failed = The page module could not be loaded: { $message }
status-ready-folder = Ready. Choose a folder or a .zip (or drop one here) to train on your images.
status-ready-demo = Ready. Press Train to train on the demo set, or load a folder of your own.
status-start-failed = The page failed to start: { $message }
folder-needs-settings = Fix the settings first: the folder is decoded at their image size.

# The dataset panel (dataset-panel.js)
dropped-files-the = the dropped files
dropped-files = dropped files
drop-failed = The dropped folder could not be read: { $message }
load-progress = Decoding and resizing: { $done } of { $total } files
folder-unusable = { $name }: could not be used.
folder-kept-images = { $name } stays loaded ({ $images } images): Train and grids use it.
folder-summary = { $name }: { $images } images in { $classes } classes, { $size }×{ $size } { $channels ->
    [gray] grayscale
   *[rgb] RGB
}.
col-class = class
col-train = train
col-val = val
col-test = test
col-total = total
class-excluded = { $name } (excluded)
files-skipped = { $count ->
    [one] { $count } file
   *[other] { $count } files
} skipped
files-ignored = { $count ->
    [one] { $count } hidden or system file
   *[other] { $count } hidden or system files
} ignored
col-file = file
col-reason = reason
no-folder-yet = No folder loaded yet: choose one or drop it here.
preview-needs-folder = Load a folder first to preview it.
demo-failed = the demo set could not be loaded ({ $message })
demo-counts = { $classes } classes, { $train } train and { $val } validation images, { $width }×{ $height } grayscale

# The model card (model-panel.js)
model-source-run = the run "{ $name }"
model-describe = { $kind } ({ $params } parameters) from { $source }{ $epoch ->
    [0] {""}
   *[other] , weights of epoch { $epoch }
}; takes { $width }×{ $height } { $channels ->
    [gray] grayscale
   *[rgb] RGB
} images; { $classes } classes: { $names }.
model-evaluated = The model{ $epoch ->
    [0] {""}
   *[other] {" "}(weights of epoch { $epoch })
} on { $split }: accuracy { $accuracy }, loss { $loss }.
model-split-demo = the demo's validation split, as in the model's run
model-split-folder = the validation split of the model's run (seed { $seed }, { $percent }% of each class held out, or the folder's own val/ folder), drawn from the folder loaded now: if it is not the folder the model trained on, the page cannot tell
model-evaluated-status = Evaluated: { $text }
model-predicting = { $count ->
    [one] Predicting { $count } image…
   *[other] Predicting { $count } images…
}
model-load-busy = { $name } can be loaded once the page is not busy (a run or a folder is under way).
status-evaluating = Evaluating the model on the validation split…

# The grid search (grid.js)
grid-plan-empty = Write the settings to vary, e.g. lr=0.1,0.01; batch_size=16,32.
grid-plan-missing = write the settings to vary
grid-plan = { $combinations ->
    [one] { $combinations } combination
   *[other] { $combinations } combinations
}{ $repeats ->
    [1] {""}
   *[other] {" "}× { $repeats } seeds = { $runs } runs
} over { $varying }; fixed: { $fixed }
grid-lanes-webgpu = ({ $asked } asked: one at a time on WebGPU)
grid-lanes-runs = ({ $asked } asked: { $runs ->
    [one] { $runs } run
   *[other] { $runs } runs
} to do)
grid-lanes-memory = ({ $asked } asked: each worker holds its own { $megabytes } MB copy of the folder's pixels)
grid-lanes-most = ({ $asked } asked: at most 8)
grid-lanes-threads = { $lanes ->
    [one] { $lanes } worker
   *[other] { $lanes } workers
} × { $threads } threads
grid-lanes-one-thread = { $lanes ->
    [one] { $lanes } worker
   *[other] { $lanes } workers
}, one thread each ({ $why })
grid-save-failed = Could not save the grid's queue ({ $name }: { $message }); it runs on, but cannot be resumed after a reload.
grid-confirm = This grid has { $combinations } combinations ({ $runs } runs). Run them all?
grid-needs-folder = Load the folder first: the grid trains on it.
grid-running = A grid of { $runs } runs is running (Grid search, below): Train and new folders wait until it ends or is stopped.
grid-starting = Starting { $workers }…
grid-handover-failed = the folder could not be handed over: { $message }
grid-progress = run { $at } of { $total } · { $running } running
grid-eta = ETA { $seconds } s
grid-failed = { $count } failed ({ $first }{ $more ->
    [yes] ; the others in their rows
   *[no] {""}
})
grid-silent = { $workers ->
    [one] { $workers } worker did not answer for { $limit } s after Stop and was ended; the results so far are kept.
   *[other] { $workers } workers did not answer for { $limit } s after Stop and were ended; the results so far are kept.
}
grid-done = Done: { $finished } of { $total } runs finished in { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s{ $failed } ({ $workers }).
grid-stopped = Stopped: { $finished } of { $total } runs finished in { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s{ $failed } ({ $workers }).
grid-done-line = Grid done: { $finished } of { $total } runs finished in { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s{ $failed } ({ $workers }).
grid-stopped-line = Grid stopped: { $finished } of { $total } runs finished in { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s{ $failed } ({ $workers }).
grid-left = { $left } of { $total } runs are not done{ $failed }. Resume runs only those.
grid-failed-count = ({ $count } failed: { $first })
grid-stopping = Stopping: the runs under way end at their next batch…
grid-resume-offer = A grid { $how ->
    [running] was running when the page closed
    [stopped] was stopped
   *[ended] ended
}:
grid-resume-folder = It trains on a folder: choose the folder again first.

# The course's labs (labs.js; their settings and grids are config/presets.rs)
lab-choose = — choose a lab —
lab-intro = Each lab fills the settings (and for a comparison, the grid) and says what to look at. It is a link like any other setting.
lab-needs-folder = This lab trains on your own images: load a folder or a .zip (or drop one on the page), then press Run.
lab-fix-settings = Fix the settings first: { $problem }
lab-grid-cannot-run = The grid cannot run: { $problem }
lab-mlp-baseline = MLP baseline
lab-mlp-baseline-about = An MLP 784-256-128-10 trained with Adam for 5 epochs on the demo set: train and validation loss fall together. Then read the confusion matrix: which garments does it mix up (shirt and T-shirt, pullover and coat)?
lab-overfitting = Overfitting and its cures
lab-overfitting-about = A wide MLP on only 500 training images, four ways: no regularization, dropout 0.3, weight decay, augmentation. Switch the overlay between train and val accuracy: without regularization train accuracy runs away from val, and each cure narrows the gap.
lab-optimizers = Optimizers
lab-optimizers-about = SGD, SGD + momentum, Nesterov, Adam, AdamW and RMSprop with PyTorch's default learning rates (0.001; RMSprop 0.01) on the same MLP and seed. The overlay shows val loss: plain SGD crawls, momentum speeds it up, the adaptive ones get there first.
lab-initialization = Initialization
lab-initialization-about = A deep tanh MLP (six hidden layers) started four ways: PyTorch's default, Xavier, He and Uniform(−1, 1). Open each run's weight and gradient histograms at epoch 1: Uniform(−1, 1) saturates tanh and its gradients vanish, Xavier keeps them alive.
lab-batchnorm = BatchNorm
lab-batchnorm-about = The same deep MLP with plain SGD at one learning rate, without and with BatchNorm. With BatchNorm the loss falls from the first epoch; without it the deep net barely moves.
lab-schedules = Learning-rate schedules and callbacks
lab-schedules-about = Constant, StepLR, cosine decay and ReduceLROnPlateau, with EarlyStopping on and the best epoch's weights kept. Switch the overlay between the learning rate and val loss to see each schedule at work; the runs table names each run's best epoch.
lab-mlp-vs-cnn = MLP vs CNN
lab-mlp-vs-cnn-about = An MLP and a small CNN on the same images for the same epochs, side by side in the runs table with their parameter counts. The CNN's convolutions see neighbouring pixels together, which the MLP has to learn from scratch: compare accuracy per weight.
lab-course-grid = The course's grid (your folder)
lab-course-grid-about = The lab's grid search, scaled to the browser: batch size × learning rate × dropout × input size on your own folder, 24 runs. Load the folder first; the runs table is sorted by best val accuracy, so the winning settings come first.

# The navigation's badges (nav.js)
badge-loading = loading…
badge-folder = folder
badge-demo = demo
badge-running = running
badge-done = done
badge-error = error
badge-stopped = stopped
badge-ready = ready

# The runs card (runs-panel.js, runs-table.js)
runs-storage = Storage: { NUMBER($used, minimumFractionDigits: 1, maximumFractionDigits: 1) } MB of { NUMBER($quota, minimumFractionDigits: 1, maximumFractionDigits: 1) } MB used.
runs-model-gone = The model of "{ $name }" is not stored any more.
runs-delete-confirm = { $count ->
    [one] Delete { $count } run?
   *[other] Delete { $count } runs?
}
runs-deleted-old = The oldest half of the runs was deleted.
runs-skipped = { $count ->
    [one] { $count } stored run could not be read (damaged or from another version) and was skipped; the others are here.
   *[other] { $count } stored runs could not be read (damaged or from another version) and were skipped; the others are here.
}
runs-more = Show { $next } more ({ $left } not shown)
runs-select-all =
    .title = select all listed runs
    .aria-label = select all listed runs
runs-select-run =
    .aria-label = select the run (to compare or export)
runs-note =
    .placeholder = note
    .title = a note, saved with the run and exported
runs-open = Open
    .title = show its curves, confusion matrix, report and histograms
runs-export-json = JSON
    .title = export the run
runs-export-csv = CSV
    .title = export its epochs
runs-model = Model
    .title = load its model ({ $model }) to predict, evaluate, export or fine-tune
runs-run-name =
    .aria-label = the run's name
runs-seeds = { $name } ({ $count } seeds)
runs-best-epoch = { $value } (epoch { $epoch })
runs-failed = failed: { $reason }
runs-running = running: epoch { $epoch } of { $epochs }
runs-ended = { $status ->
    [running] running
    [interrupted] interrupted
    [halted] halted
    [stopped] stopped
    [early_stopped] early stopped
   *[done] done
}
col-name = name
col-when = when
col-dataset = dataset
col-model = model
col-best = best val acc
col-val-loss = val loss
col-test-acc = test acc
col-params = params
col-seconds = seconds
col-backend = backend
col-ended = ended

# The evaluation (evaluation.js)
confusion-choice = true { $truth }, predicted { $predicted }
confusion-choice-count = true { $truth }, predicted { $predicted } ({ $count })
gallery-caption =
    .title = true: { $truth }, predicted: { $predicted } ({ $confidence })
gallery-note = { $count ->
    [one] { $count } image
   *[other] { $count } images
}{ $shown ->
    [0] {""}
   *[other] , first { $shown } shown
} · caption: true, predicted, confidence{ $pictures ->
    [0] {""}
   *[other] {" "}· pictures for the first { $pictures } only
}
hist-title-weights = Weights, epoch { $epoch }
hist-title-gradients = Gradients (last batch), epoch { $epoch }
top-confusions-caption = { $classes } classes: the most frequent confusions (a heatmap shows up to { $max })
col-true-class = true class
col-predicted-as = predicted as
col-images = images
col-of-its-class = of its class
report-caption = Classification report, epoch { $epoch }
col-precision = precision
col-recall = recall
col-f1 = f1-score
col-support = support
report-accuracy = accuracy
report-macro-avg = macro avg
report-weighted-avg = weighted avg

# The words the charts draw (Rust draws them: setChartWords)
chart-epoch = epoch
chart-loss = Loss
chart-accuracy = Accuracy
chart-learning-rate = Learning rate
chart-train = train
chart-val = val
chart-train-batch-smoothed = train (batch, smoothed)
chart-train-epoch = train (epoch)
chart-lr-after-first-epoch = after the first epoch
chart-no-run = No run yet: press Train and the loss, accuracy and learning rate appear here.
chart-confusion-counts = Confusion (counts)
chart-confusion-normalised = Confusion (row-normalised)
chart-predicted = predicted
chart-truth = true
chart-confusion-empty = This confusion matrix has no classes, or not one count per pair of them: nothing to draw.
chart-no-histograms = No histograms for this epoch.
chart-overlay-empty = Select runs in the table to compare their curves here.
chart-parallel-empty = Select two or more runs whose settings differ to see them here.

# Comparing runs (compare.js)
pair-f1-caption = Per-class F1 of the reported epochs
col-difference = difference

# What cannot start now, and why (state.js)
refusal = { $asked ->
    [loading] A folder cannot be read
    [training] Train cannot start
    [grid] A grid cannot start
    [evaluating] The model cannot be evaluated
   *[other] This cannot start
} { $phase ->
    [loading] while a folder is being read (or a run is starting): wait for it
    [training] while a run trains: wait for it to end, or press Stop
    [stopping] while a run is stopping: wait for it to end
    [grid] while a grid runs: wait for it to end, or press Stop grid
    [evaluating] while the model is being evaluated: wait for it
   *[other] now
}.

# Runs files and config files in (runs-io.js)
runs-imported = { $count ->
    [one] Imported { $count } run from { $name }.
   *[other] Imported { $count } runs from { $name }.
}
runs-not-imported = { $name } was not imported: { $message }
config-imported = Settings from { $name } are in the form.
config-not-imported = { $name } is not a config: { $message }

# The training worker's own failures (worker-client.js)
worker-failed = The training worker failed: { $message }
worker-not-started = it could not be started
worker-unreadable = A message from the training worker could not be read.
worker-restarted = the worker was restarted
worker-ended = the worker was ended
worker-silent-ended = the worker did not answer and was ended

# What the worker says while it works (src/train/stage.rs: Stage, BackendWhy)
status-loading-demo = Loading the demo dataset…
status-starting-backend = Starting the compute backend…
status-timing-backends = Timing this model on WebGPU and on the CPU…
status-no-preview = No preview: { $message }
status-decoding = Decoding { $files } files of { $name }…
status-decoding-again = Decoding { $name } again at { $size }×{ $size } { $channels ->
    [gray] grayscale
   *[rgb] RGB
} ({ $interpolation })…
status-reading-back = Stopped: reading back the steps still running…
status-evaluating-cut-short = Evaluating the epoch cut short on the validation split ({ $images } images)…
status-reading-histograms = Reading the weight histograms…
status-scoring-test = Scoring the test split ({ $images } images)…
status-keeping-model = Keeping the model of epoch { $epoch }…
status-evaluation-progress = { $what ->
    [cut-short] Evaluating the epoch cut short
    [epoch-before-stopping] Evaluating epoch { $epoch } before stopping
    [test] Scoring the test split
   *[test-before-stopping] Scoring the test split before stopping
}: { $done } of { $total } images
backend-chosen-cpu = CPU (flex) chosen in the settings.
backend-unavailable = WebGPU is unavailable ({ $why }), so training runs on the CPU (flex).
backend-software = the WebGPU adapter here is a software one ({ $adapter }), slower than the CPU backend, so Auto trains on the CPU (flex). Choose WebGPU to use it anyway.
backend-untimed = Auto could not time this model on both backends ({ $why }), so it trains on the CPU (flex).
backend-timed = Auto timed this model on both backends{ $earlier ->
    [true] {" "}earlier this session
   *[false] {""}
}: WebGPU ({ $adapter }) { $webgpu } images/s, CPU { $cpu } images/s, so it trains on { $chosen ->
    [webgpu] WebGPU
   *[cpu] the CPU (flex)
}.
backend-adapter = WebGPU adapter: { $adapter }.

# A folder's layout and warnings (src/data/notes.rs: LayoutNote, FolderNote)
folder-layout-flat = one folder per class; { $percent }% of each class held out for validation (seed { $seed })
folder-layout-train-val = train/ and val/ folders as given{ $test ->
    [true] ; test/ kept as a held-out test set
   *[false] {""}
}
folder-layout-train-only = train/ folder without val/: { $percent }% of each class held out for validation (seed { $seed }){ $test ->
    [true] ; test/ kept as a held-out test set
   *[false] {""}
}
folder-class-left-out = Class '{ $class }' has { $images ->
    [one] { $images } image
   *[other] { $images } images
} for training and validation and was left out (each class needs at least 2).
folder-class-no-train = Class '{ $class }' has no images in train/, so the model cannot learn it.
folder-class-no-val = Class '{ $class }' has no images in val/; its validation accuracy cannot be measured.
folder-class-no-test = Class '{ $class }' has no images in test/.
folder-imbalanced = Classes are imbalanced: '{ $largest }' has { $largest_images ->
    [one] { $largest_images } image
   *[other] { $largest_images } images
} and '{ $smallest }' only { $smallest_images } ({ $ratio }×). Accuracy can look good while the small class is missed; check the per-class results.
folder-files-unusable = { $count ->
    [one] { $count } file
   *[other] { $count } files
} could not be used; they are listed with the reason.

# The class as a cluster: a grid's shards, handed in and merged (classroom.js)
grid-shard-label =
    .title = Split the grid across the class: seat k of n runs combinations k, k+n, k+2n, … (empty: the whole grid)
grid-shard-seat = Shard (seat/of)
grid-hand-in = Hand in this shard
grid-merge = merge the class's files
grid-shard-plan = shard { $seat } of { $of }: combinations { $numbers }
grid-shard-ask = { $of } shards: which seat is yours? Write it before the number, e.g. 1/{ $of }.
grid-merged-files = { $files ->
    [one] { $files } file merged
   *[other] { $files } files merged
}: { $runs } runs of a grid of { $combinations } combinations.
grid-merged-missing = Still missing: combinations { $numbers }.
grid-merged-complete = Every combination has arrived.
grid-merged-duplicates = Arrived twice (both kept): combinations { $numbers }.
grid-merged-refused = Refused: { $why }
grid-merge-failed = The files could not be merged: { $message }

# A setting's problem (config/checks.rs, config/url.rs): the keys, limits and values stay as typed
config-range = { $key } must be { $lo }..{ $hi }, got { $got }
config-interval = { $key } must be in { $interval }, got { $got }
config-probability = { $key } p must be in [0, 1], got { $got }
config-bound = { $key } must be { $op } { $bound }, got { $got }
config-pair = { $key } must be two numbers lo,hi with { $min } <= lo <= hi <= { $max }, got { $got }
config-hidden-layers = hidden: at most { $max } layers, got { $got }
config-hidden-width = hidden layer widths must be 1..{ $max }, got { $got }
config-kernel = kernel must be 3 or 5, got { $got }
config-conv-blocks = conv_channels: a CNN needs 1 to { $max } conv blocks, got { $got }
config-conv-width = conv_channels must be 1..{ $max } each, got { $got }
config-train-limit = train_limit must be 0..{ $max } (0 = all), got { $got }
config-batch-norm-batch = batch_size must be at least 2 with BatchNorm (PyTorch refuses a training batch of one)
config-nesterov-momentum = momentum must be above 0 for SGD + Nesterov (PyTorch refuses Nesterov without momentum)
config-init-order = init_a must be below init_b, got { $a } and { $b }
pair-unknown-setting = unknown setting '{ $key }'
pair-bad-value = '{ $text }' is not a valid value for { $key }
pair-ignored = { $problem } (ignored)

# Why a file was skipped (data/notes.rs SkipNote); a detail is the browser's or decoder's own words
skip-empty = empty file (0 bytes)
skip-not-image = not an image (unrecognised content)
skip-unsupported = unsupported format { $format } (use JPEG, PNG, GIF, BMP or WebP)
skip-too-many-pixels = { $width }×{ $height } pixels is too large to decode safely (limit { $limit } megapixels)
skip-file-too-large = file is { $megabytes } MB, over the { $limit } MB limit per file
skip-corrupt = truncated or corrupt { $detail }
skip-unreadable = could not be read ({ $detail })
skip-never-read = never read
skip-loose-in-split = directly inside { $split }/, not in a class folder
skip-not-a-split = folder { $folder }/ is not train/, val/ or test/
skip-outside-splits = not inside a train/, val/ or test/ folder
skip-outside-class = not inside a class folder

# Why a folder cannot be trained on (data/notes.rs FolderFailure)
folder-expected-layout = Expected one folder per class (e.g. cats/1.jpg, dogs/2.jpg), or train/ and val/ folders that each hold one folder per class.
folder-no-images = No usable images found{ $skipped ->
    [0] {""}
    [one] {" "}({ $skipped } file skipped, see the list)
   *[other] {" "}({ $skipped } files skipped, see the list)
}. { folder-expected-layout }
folder-one-class = Only one class folder was found ('{ $class }'); a classifier needs at least 2 classes. { folder-expected-layout }
folder-few-classes = Only { $kept } of the { $classes } classes { $kept ->
    [one] has
   *[other] have
} at least 2 images; a classifier needs at least 2 such classes. { folder-expected-layout }
folder-too-many-classes = { $classes } classes is more than the { $limit } a run can have here (the confusion matrix grows with the square of the classes). Group the classes, or train on a subset of the folders.
folder-no-files = { $name } holds no files.
folder-too-many-files = { $name }: It holds { $files } files, more than the { $limit } a folder or .zip may have here.
folder-zip-unreadable = { $name }: not a readable .zip: { $detail }

# Why a run could not start (train/stage.rs RunFailure)
run-image-too-small = image { $width }x{ $height } is too small for { $blocks } MaxPool 2x2 blocks
run-no-folder = No folder is loaded. Choose a folder or a .zip (or drop one on the page), or pick the demo set.
run-no-model = There is no model to continue from: train one, or load a model file.

# What is wrong with a grid's spec, repeats or shard (config/grid.rs GridProblem)
grid-empty = the grid is empty: write settings as key=value1,value2; key2=…
grid-not-key-values = '{ $part }' is not key=values
grid-unknown-setting = unknown setting '{ $key }' in the grid
grid-twice = '{ $key }' appears twice in the grid
grid-empty-value = '{ $key }' has an empty value in the grid
grid-bad-value = grid: { $problem }
grid-repeats = grid_repeats must be 1–{ $max }, got { $got }
grid-too-many-runs = grid: { $combinations } combinations × { $repeats } seeds = { $total } runs, more than the { $max } a grid may have
grid-combination = combination { $number }: { $problems }
shard-not-number = shard: the number of shards must be a whole number, got '{ $text }'
shard-seat-not-number = shard: the seat must be a whole number, got '{ $text }'
shard-count = shard: a grid splits into 1 to { $max } shards, got { $got }
shard-seat = shard: the seat must be 1 to { $of }, got { $got }
shard-which-seat = shard: which seat? The link names only the number of shards
shard-seat-empty = shard { $seat } of { $of }: the grid has { $combinations } combinations, so this seat has none to run

# The classroom's models and link (classroom.js)
grid-hand-in-models = keep the trained models to hand in (tick before the grid runs; a larger file, up to 10 models)
grid-merged-models = { $models ->
    [one] { $models } trained model came with the files: open it from its run's row to export it to PyTorch.
   *[other] { $models } trained models came with the files: open one from its run's row to export it to PyTorch.
}
grid-merged-link = Link to the merged grid
grid-merged-url =
    .aria-label = Link to the merged grid
grid-link-name = the merged grid's link
grid-link-too-large = the link holds more than { $mb } MB of runs

# A .zip entry's and a load's refusals (data/notes.rs SkipNote, FolderFailure)
skip-zip-too-large = unpacks to { $megabytes } MB or more, over the { $limit } MB limit per file
skip-zip-encrypted = encrypted entry in the .zip (save the archive without a password)
skip-zip-method = compressed with method { $method }, which is not supported (use plain zip/deflate)
skip-zip-unsupported = unsupported entry in the .zip: { $detail }
skip-zip-corrupt = truncated or corrupt entry in the .zip: { $detail }
folder-cancelled = Loading was cancelled.

# A run too big for the worker's memory (train/stage.rs RunFailure::TooBig, MemoryAdvice)
run-too-big = This run needs about { $needs } in the training worker (weights with the best epoch's copy { $weights }, gradients { $gradients }, { $optimizer ->
    [sgd] SGD's
    [adam] Adam's
    [adamw] AdamW's
    [rmsprop] RMSprop's
   *[other] momentum
} state { $state }, one batch's activations { $activations }, images { $images }), more than the { $budget } a browser worker can hold. { $advice }
run-advice-smaller-model = Make the model smaller: the hidden widths or conv channels (the largest layer, { $layer }, holds { $params } parameters).
run-advice-smaller-batch = Use a smaller batch_size, a smaller image_size or fewer conv channels.
run-advice-fewer-images = Use a smaller image_size, or fewer images (train_limit).
grid-link-too-long = The merged grid makes a { $mb } MB link, too long to open: share its runs as a file instead (the JSON button under Runs).
