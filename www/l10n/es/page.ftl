# El texto de la página en español. Las claves de los ajustes y los nombres de las bibliotecas
# (lr, HorizontalFlip, Adam) se dejan como están: son los que se escriben en los cuadernos.

neural-network-lab = laboratorio de redes neuronales
train-in-your-browser-your = Entrena en tu navegador. Tus imágenes no salen de este equipo.
language = Idioma
labs = Prácticas
settings = Ajustes
train = Entrenar
    .title = Entrenar, o ejecutar la búsqueda en rejilla (Espacio en la vista de presentación)
presenter-view = Vista de presentación
    .title = Curvas y estado en grande para un proyector; Espacio entrena o detiene, ← → cambian de práctica
choose-a-folder = elegir una carpeta
dataset = Conjunto de datos
demo-fashion-mnist-subset = Demo: subconjunto de Fashion-MNIST
my-folder = Mi carpeta
your-own-images = Tus propias imágenes:
drop-folder-or-zip = suelta aquí una carpeta o un .zip, o
decoded-and-trained-on-in = Se decodifican y se entrenan en esta pestaña: las imágenes no salen de este equipo.
which-folder-layouts-work = Qué estructuras de carpetas sirven
demo-name = Fashion-MNIST (subconjunto):
augmentation-preview-what-the-network = Vista previa del aumento de datos: lo que ve la red
the-same-train-images-each = Siempre las mismas imágenes de entrenamiento: primero tal como se cargan, después aumentadas con los ajustes (solo el conjunto de entrenamiento).
re-sample = Volver a muestrear
preprocessing-a-compose-in-this = Preprocesado (A.Compose, en este orden)
antialiased-every-pixel-counts = con antialiasing (cuenta cada píxel)
inter-linear-a-resize-default = INTER_LINEAR (por defecto en A.Resize)
imagenet-mean-std-a-normalize = media/desviación típica de ImageNet (por defecto en A.Normalize)
mean-std-of-the-train = media/desviación típica del conjunto de entrenamiento
none-x-255 = ninguna (x / 255)
augmentation-train-split-only-p = Aumento de datos (solo entrenamiento; p = probabilidad, 0 = desactivado)
albumentations-own-default-p-is = En Albumentations la p por defecto es 0.5 en cada una; aquí todas empiezan desactivadas.
model = Modelo
global-average-pool = Global average pooling
leakyrelu-0-01 = LeakyReLU (0.01)
pytorch-default = La de PyTorch por defecto
xavier-glorot-uniform = Xavier (Glorot) uniforme
xavier-glorot-normal = Xavier (Glorot) normal
he-kaiming-normal = He (Kaiming) normal
he-kaiming-uniform = He (Kaiming) uniforme
uniform-a-b = Uniforme(a, b)
normal-0-std = Normal(0, std)
optimization = Optimización
sgd-momentum = SGD + momento
sgd-nesterov = SGD + Nesterov
optimizer-defaults-pytorch-s-set = Valores por defecto de los optimizadores (los de PyTorch, fijados explícitamente donde burn usa otros)
settings-2 = ajustes
burn-s-own-default = por defecto en burn
sgd-momentum-nesterov = SGD + momento / Nesterov
dampening-0 = dampening 0
dampening-0-1 = dampening 0.1
betas-0-9-0-999 = betas (0.9, 0.999), eps 1e-8, L2 sumada al gradiente
eps-1e-5 = eps 1e-5
betas-0-9-0-999-2 = betas (0.9, 0.999), eps 1e-8, decaimiento p ← p·(1 − lr·wd)
eps-1e-5-wd-1e = eps 1e-5, wd 1e-4
alpha-0-99-eps-1e = alpha 0.99, eps 1e-8, momentum 0, no centrado
eps-1e-5-momentum-0 = eps 1e-5, momentum 0.9
learning-rate-schedule-and-callbacks = Planificación de la tasa de aprendizaje y callbacks
constant = Constante
cosine-decay = Decaimiento coseno
reducelronplateau-val-loss = ReduceLROnPlateau (val_loss)
best-epoch-restore-best-weights = la mejor época (restaura los mejores pesos)
last-epoch = la última época
run = Ejecución
auto-webgpu-on-a-real = Automático (WebGPU en una GPU real; si no, CPU)
training = Entrenamiento
train-2 = Entrenar
stop = Detener
export-run = Exportar el entrenamiento
model-summary = Resumen del modelo
click-a-cell-of-the = Pulsa una celda de la matriz, o elige una de sus confusiones en Mostrar, para ver sus imágenes debajo.
validation-images = Imágenes de validación
all = todas
misclassified-only = solo las mal clasificadas
weights-and-gradients = Pesos y gradientes
weights = pesos
gradients-last-batch-of-the = gradientes (último lote de la época)
epoch = época
train-loss = pérdida de entrenamiento
train-acc = exactitud de entrenamiento
val-loss = pérdida de validación
val-acc = exactitud de validación
seconds = segundos
download-model-safetensors = Descargar el modelo (.safetensors)
export-to-pytorch-zip = Exportar a PyTorch (.zip)
evaluate-on-the-validation-split = Evaluar en el conjunto de validación
predict = Predecir:
predict-drop = suelta aquí imágenes, o
predict-how = . Cada una se redimensiona y se normaliza como en el entrenamiento; las barras muestran sus tres clases más probables.
grid-search = Búsqueda en rejilla
run-grid = Ejecutar la rejilla
stop-grid = Detener la rejilla
resume-grid = Reanudar la rejilla
runs = Entrenamientos
runs-kept = Cada entrenamiento se guarda en este navegador (IndexedDB) mientras entrena, hasta que lo borres.
delete-selected = Borrar los seleccionados
delete-the-oldest-half = Borrar la mitad más antigua
no-runs-yet = Aún no hay entrenamientos.
compare-the-selected-runs = Comparar los entrenamientos seleccionados
val-accuracy = exactitud de validación
train-accuracy = exactitud de entrenamiento
learning-rate = tasa de aprendizaje
footer-demo-data = Datos de la demo:
fashion-mnist = Fashion-MNIST
grid = Rejilla
use = Usar
choose-a-zip = elegir un .zip
resize-s-s = Redimensionar S×S
interpolation = interpolación
validation-share = Proporción de validación
normalize = Normalize
conv-channels = Canales convolucionales
kernel = Tamaño de kernel
head = Cabeza
hidden-layers = Capas ocultas
activation = Activación
init = Inicialización
optimizer = Optimizador
learning-rate-2 = Tasa de aprendizaje
momentum = Momento
weight-decay = Decaimiento de pesos
batch-size = Tamaño de lote
epochs = Épocas
schedule = Planificación
monitor = Métrica vigilada
report = Informe
train-images-0-all = Imágenes de entrenamiento (0 = todas)
seed = Semilla
backend = Backend
cpu-threads = Hilos de CPU
epoch-2 = Época
show = Mostrar
of = De
load-a-model-file = cargar un archivo de modelo
choose-images = elegir imágenes
settings-to-vary = Ajustes que varían
seeds-per-combination = Semillas por combinación
workers = Procesos en paralelo
import-runs = importar entrenamientos
settings-from-a-file = ajustes desde un archivo
metric = Métrica
grayscale = escala de grises
row-normalised = normalizada por filas
train-on-from-this-model = Seguir entrenando desde este modelo (ajuste fino: sus pesos y las estadísticas de Normalize; los ajustes deben dar las mismas capas, tamaño de imagen y clases)
sections-of-the-page =
    .aria-label = Secciones de la página
previous-lab-in-the-presenter =
    .title = Práctica anterior (← en la vista de presentación)
    .aria-label = práctica anterior
next-lab-in-the-presenter =
    .title = Práctica siguiente (→ en la vista de presentación)
    .aria-label = práctica siguiente
train-images-as-loaded-then =
    .aria-label = Imágenes de entrenamiento tal como se cargan y después aumentadas con los ajustes
a-resize-every-image-is =
    .title = A.Resize: cada imagen se ajusta a S×S al cargarla; la entrada del modelo se adapta
how-a-resize-shrinks-or =
    .title = Cómo reduce o amplía A.Resize cada imagen (su interpolación)
share-of-each-class-held =
    .title = Proporción de cada clase reservada para validación cuando la carpeta no tiene una carpeta val/
a-normalize-x-255-mean =
    .title = A.Normalize: (x / 255 − media) / desviación típica, por canal
randomresizedcrop-scale-ratio-back-to =
    .title = RandomResizedCrop(scale, ratio), de vuelta al mismo tamaño
area-fraction-lo-hi =
    .title = fracción del área mín,máx
aspect-ratio-lo-hi =
    .title = relación de aspecto mín,máx
shiftscalerotate-shift-as-a-fraction =
    .title = ShiftScaleRotate: desplazamiento como fracción del tamaño, escala 1 ± scale_limit, rotación ± grados; borde reflejado
randombrightnesscontrast-brightness-by-m =
    .title = RandomBrightnessContrast (brightness_by_max)
gaussnoise-std-drawn-from-std =
    .title = GaussNoise: desviación típica tomada de std_range, como fracción de 255
output-channels-of-each-conv =
    .title = Canales de salida de cada bloque convolucional: Conv → [BatchNorm] → activación → MaxPool 2x2 → [Dropout]
dense-hidden-layer-widths-after =
    .title = Anchuras de las capas densas ocultas (tras la cabeza de la CNN), de la entrada a la salida, p. ej. 512,256 o 256,128,64
dropout-probability-after-each-hidden =
    .title = Probabilidad de Dropout tras cada capa oculta
coupled-l2-added-to-the =
    .title = L2 acoplada (sumada al gradiente) en SGD, Adam y RMSprop; desacoplada en AdamW
picks-the-best-epoch-and =
    .title = Elige la mejor época y decide la parada temprana
which-epoch-s-results-the =
    .title = De qué época son los resultados que informa y exporta el entrenamiento
train-limit-hint =
    .title = 0 usa todas las imágenes de entrenamiento
threads-a-run-s-cpu =
    .title = Hilos que usan los kernels de CPU de un entrenamiento (vacío: todos los núcleos disponibles). Más de uno necesita una página con aislamiento entre orígenes; los workers de una rejilla se reparten los núcleos
loss-accuracy-and-learning-rate =
    .aria-label = Curvas de pérdida, exactitud y tasa de aprendizaje por época; la tabla de épocas de abajo tiene sus números
confusion-matrix-heatmap-true-class =
    .aria-label = Mapa de calor de la matriz de confusión, clase real por fila y clase predicha por columna; el informe de clasificación de al lado tiene sus números, y Mostrar lista sus confusiones
classification-report-scrolls =
    .aria-label = informe de clasificación (con desplazamiento)
epochs-table-scrolls =
    .aria-label = tabla de épocas (con desplazamiento)
validation-images-scrolls =
    .aria-label = imágenes de validación (con desplazamiento)
histograms-of-each-layer-s =
    .aria-label = Histogramas de los pesos o gradientes de cada capa en la época elegida
workers-training-at-once-on =
    .title = Procesos (workers) que entrenan a la vez en la CPU (uno en WebGPU)
filter-runs =
    .placeholder = filtrar entrenamientos
the-selected-runs-curves-of =
    .aria-label = Las curvas de la métrica elegida de los entrenamientos seleccionados, superpuestas; la tabla de entrenamientos tiene sus números
parallel-coordinates-each-selected-run =
    .aria-label = Coordenadas paralelas: cada entrenamiento seleccionado como una línea a través de sus ajustes y resultados; la tabla de entrenamientos tiene los mismos números
confusion-matrix-of-the-first =
    .aria-label = Matriz de confusión del primer entrenamiento seleccionado; la tabla F1 de abajo compara los dos entrenamientos por clase
confusion-matrix-of-the-second =
    .aria-label = Matriz de confusión del segundo entrenamiento seleccionado; la tabla F1 de abajo compara los dos entrenamientos por clase
layout-one-folder-per-class = <code>my-data/<i>clase</i>/*.jpg</code>: una carpeta por clase; una parte estratificada de cada clase (el ajuste <i>proporción de validación</i>, 20 % por defecto) se reserva para validación, elegida por la semilla.
layout-train-val = <code>my-data/train/<i>clase</i>/*</code> y <code>my-data/val/<i>clase</i>/*</code> (también <code>valid</code>, <code>validation</code>): se usan tal cual. Una carpeta <code>test/</code> se guarda aparte y se evalúa una sola vez al final.
layout-deeper = Los archivos en carpetas más profundas dentro de una clase pertenecen a esa clase.
layout-hidden-files = Los archivos ocultos y de sistema (<code>.DS_Store</code>, <code>Thumbs.db</code>, <code>__MACOSX/</code>, los que empiezan por punto) se ignoran.
layout-formats = JPEG, PNG (8/16 bits, gris, RGBA, paleta), GIF, BMP y WebP. Los archivos que no se pueden usar se listan con el motivo.
grid-help = Da a los ajustes una lista de valores, escritos como en la URL: cada combinación es un entrenamiento propio, que aparece abajo en cuanto empieza. Las listas de listas (<code>hidden</code>, <code>conv_channels</code>) separan sus alternativas con <code>|</code>: <code>hidden=256,128|512</code>.
footer-credits = © Zalando SE, licencia MIT (del paquete de Debian <code>dataset-fashion-mnist</code>). Hecho con burn, plotters y wasm-bindgen.
page-title = aula — laboratorio de redes neuronales

# Texto que dibujan los scripts
leave-presenter-view = Salir de la vista de presentación

# Textos provisionales que sustituyen los scripts
status-loading = Cargando…
counts-loading = cargando…
no-model-yet = Aún no hay modelo: entrena uno o carga un archivo de modelo exportado aquí.

# Aislamiento entre orígenes e hilos de CPU (isolation.js, threads.js)
isolation-not-secure = la página no se sirve por https ni desde localhost, así que no puede aislarse entre orígenes
isolation-no-service-worker = la página no está aislada entre orígenes y este navegador no le ofrece un service worker que lo arregle
isolation-still-not = la página no está aislada entre orígenes, ni siquiera a través de su service worker (puede que el servidor envíe cabeceras que lo impidan)
isolation-worker-failed = la página no está aislada entre orígenes y su service worker no pudo arrancar ({ $reason })
isolation-workers-blocked = la página no está aislada entre orígenes y aquí los service workers están bloqueados
isolation-hard-reload = la página no está aislada entre orígenes en esta carga (una recarga forzada se salta su service worker): recárgala
isolation-next-visit = la página aún no está aislada entre orígenes: su service worker la aísla a partir de la próxima visita
isolation-no-storage = la página no está aislada entre orígenes y no puede recargarse de forma segura (su almacenamiento está bloqueado)
threads-banner-many = Sus kernels usan { $threads } hilos ({ $cores } núcleos).
threads-banner-one = Sus kernels usan un solo hilo: { $why }.
threads-note-many = { $threads } hilos por entrenamiento en la CPU ({ $cores } núcleos)
threads-note-one = un hilo por entrenamiento en la CPU: { $why }
threads-why-failed = el worker con hilos no pudo arrancar aquí ({ $reason })
threads-why-webgpu = un entrenamiento que puede usar WebGPU se hace en el worker de un solo hilo
threads-why-grid = { $lanes } workers de la rejilla se reparten { $cores ->
    [one] { $cores } núcleo
   *[other] { $cores } núcleos
}
threads-why-cores = este equipo tiene { $cores ->
    [one] { $cores } núcleo
   *[other] { $cores } núcleos
}
threads-why-setting = el ajuste de hilos pide uno
threads-placeholder = automático ({ $threads })

# El entrenamiento en curso (run-view.js)
backend-banner = Backend { $backend }: { $reason }
progress-line = Época { $epoch }/{ $epochs } · lote { $batch }/{ $batches } · { $speed } imágenes/s · tiempo restante { $eta }
epoch-partial = { $epoch } (parcial)
summary-layer = capa
summary-output-shape = forma de salida
summary-params = parámetros
summary-total = Parámetros en total
test-accuracy = Exactitud en test ({ $count } imágenes, con los pesos de la época informada): { $accuracy }.
reported-epoch = Época informada { $epoch }: exactitud de validación { $accuracy }.
stored-run-line = { $name }: { $status ->
    [running] en curso
    [interrupted] interrumpido
    [halted] detenido por un fallo
    [stopped] detenido
    [early_stopped] parada temprana
    [failed] fallido
   *[done] terminado
}, { $epochs ->
    [one] { $epochs } época
   *[other] { $epochs } épocas
}

# Uso sin conexión (offline.js)
offline-caching = Guardando la página para usarla sin conexión…
offline-ready = Guardada para usarla sin conexión: tras esta visita la página carga y entrena sin red.
offline-failed = No se ha guardado para usarla sin conexión
offline-failed-detail = No se ha guardado para usarla sin conexión: { $detail }
update-ready = Hay una versión nueva de la página: recárgala para usarla.
update-reload = Recargar

# El formulario de ajustes (config-form.js)
url-settings-unused = Algunos ajustes de la URL no se han usado: { $problems }
adamw-decay-filled = Se ha rellenado el decaimiento de pesos por defecto de AdamW en PyTorch, 0.01.

# La línea de estado (app.js)
folder-kept = { $name } sigue cargada: Entrenar y las rejillas la usan.
status-training = Entrenando { $model ->
    [cnn] una CNN
   *[mlp] un MLP
} ({ $params } parámetros) con { $train } imágenes, validando con { $val }.
status-stopping-finishing = Deteniendo: el worker está terminando el entrenamiento (los pasos en curso, la época interrumpida, el conjunto de test)…
status-worker-failed = El worker de la página ha fallado: { $message }
status-halted-kept = El entrenamiento se guarda y se puede exportar.
status-done = { $how ->
    [stopped] Detenido
    [early_stopped] Detenido antes (EarlyStopping)
   *[finished] Terminado
} en { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s.
status-starting-worker = Arrancando el worker de entrenamiento…
status-stopping-batch = Deteniendo tras este lote…
status-stopping-quiet = Deteniendo: el worker no responde desde hace { $seconds } s; tras { $limit } s de silencio se termina (los resultados hasta ahora se conservan).
status-stopping-working = Deteniendo: el worker está terminando el entrenamiento…
status-stopped-silent = Detenido: el worker no respondió en { $limit } s y se terminó; los resultados hasta ahora se conservan.
folder-empty = { $name } no contiene archivos.
selection-empty = La selección no contiene archivos.
status-reading = Leyendo { $name }…
status-loaded = Cargada { $name }: { $images } imágenes en { $classes } clases. Pulsa Entrenar.
status-module-failed = No se pudo cargar el módulo de la página: { $message }
status-ready-folder = Listo. Elige una carpeta o un .zip (o suéltalo aquí) para entrenar con tus imágenes.
status-ready-demo = Listo. Pulsa Entrenar para entrenar con el conjunto de demo, o carga una carpeta propia.
status-start-failed = No se pudo iniciar la página: { $message }
folder-needs-settings = Corrige antes los ajustes: la carpeta se decodifica a su tamaño de imagen.

# El panel del conjunto de datos (dataset-panel.js)
dropped-files-the = los archivos soltados
dropped-files = archivos soltados
drop-failed = No se pudo leer la carpeta soltada: { $message }
load-progress = Decodificando y redimensionando: { $done } de { $total } archivos
folder-unusable = { $name }: no se puede usar.
folder-kept-images = { $name } sigue cargada ({ $images } imágenes): Entrenar y las rejillas la usan.
folder-summary = { $name }: { $images } imágenes en { $classes } clases, { $size }×{ $size } { $channels ->
    [gray] en escala de grises
   *[rgb] RGB
}.
col-class = clase
col-train = entrenamiento
col-val = validación
col-test = test
col-total = total
class-excluded = { $name } (excluida)
files-skipped = { $count ->
    [one] { $count } archivo omitido
   *[other] { $count } archivos omitidos
}
files-ignored = { $count ->
    [one] { $count } archivo oculto o de sistema ignorado
   *[other] { $count } archivos ocultos o de sistema ignorados
}
col-file = archivo
col-reason = motivo
no-folder-yet = Aún no hay ninguna carpeta cargada: elige una o suéltala aquí.
preview-needs-folder = Carga antes una carpeta para verla.
demo-failed = no se pudo cargar el conjunto de demo ({ $message })
demo-counts = { $classes } clases, { $train } imágenes de entrenamiento y { $val } de validación, { $width }×{ $height } en escala de grises

# La tarjeta del modelo (model-panel.js)
model-source-run = el entrenamiento «{ $name }»
model-describe = { $kind } ({ $params } parámetros) de { $source }{ $epoch ->
    [0] {""}
   *[other] , pesos de la época { $epoch }
}; recibe imágenes de { $width }×{ $height } { $channels ->
    [gray] en escala de grises
   *[rgb] RGB
}; { $classes } clases: { $names }.
model-evaluated = El modelo{ $epoch ->
    [0] {""}
   *[other] {" "}(pesos de la época { $epoch })
} en { $split }: exactitud { $accuracy }, pérdida { $loss }.
model-split-demo = el conjunto de validación de la demo, como en el entrenamiento del modelo
model-split-folder = el conjunto de validación del entrenamiento del modelo (semilla { $seed }, { $percent }% de cada clase reservado, o la carpeta val/ propia de la carpeta), tomado de la carpeta cargada ahora: si no es la carpeta con la que se entrenó el modelo, la página no puede saberlo
model-evaluated-status = Evaluado: { $text }
model-predicting = { $count ->
    [one] Prediciendo { $count } imagen…
   *[other] Prediciendo { $count } imágenes…
}
model-load-busy = { $name } se podrá cargar cuando la página no esté ocupada (hay un entrenamiento o una carpeta en curso).
status-evaluating = Evaluando el modelo en el conjunto de validación…

# La búsqueda en rejilla (grid.js)
grid-plan-empty = Escribe los ajustes que varían, p. ej. lr=0.1,0.01; batch_size=16,32.
grid-plan-missing = escribe los ajustes que varían
grid-plan = { $combinations ->
    [one] { $combinations } combinación
   *[other] { $combinations } combinaciones
}{ $repeats ->
    [1] {""}
   *[other] {" "}× { $repeats } semillas = { $runs } entrenamientos
} sobre { $varying }; fijos: { $fixed }
grid-lanes-webgpu = ({ $asked } pedidos: de uno en uno en WebGPU)
grid-lanes-runs = ({ $asked } pedidos: { $runs ->
    [one] { $runs } entrenamiento
   *[other] { $runs } entrenamientos
} por hacer)
grid-lanes-memory = ({ $asked } pedidos: cada worker guarda su propia copia de { $megabytes } MB de los píxeles de la carpeta)
grid-lanes-most = ({ $asked } pedidos: 8 como máximo)
grid-lanes-threads = { $lanes ->
    [one] { $lanes } worker
   *[other] { $lanes } workers
} × { $threads } hilos
grid-lanes-one-thread = { $lanes ->
    [one] { $lanes } worker
   *[other] { $lanes } workers
}, un hilo cada uno ({ $why })
grid-save-failed = No se pudo guardar la cola de la rejilla ({ $name }: { $message }); sigue en marcha, pero no se podrá reanudar tras recargar.
grid-confirm = Esta rejilla tiene { $combinations } combinaciones ({ $runs } entrenamientos). ¿Ejecutarlas todas?
grid-needs-folder = Carga antes la carpeta: la rejilla entrena con ella.
grid-running = Hay una rejilla de { $runs } entrenamientos en marcha (Búsqueda en rejilla, abajo): Entrenar y las carpetas nuevas esperan a que termine o se detenga.
grid-starting = Arrancando { $workers }…
grid-handover-failed = no se pudo pasar la carpeta: { $message }
grid-progress = entrenamiento { $at } de { $total } · { $running } en marcha
grid-eta = tiempo restante { $seconds } s
grid-failed = { $count } fallidos ({ $first }{ $more ->
    [yes] ; los demás en sus filas
   *[no] {""}
})
grid-silent = { $workers ->
    [one] { $workers } worker no respondió en { $limit } s tras Detener y se terminó; los resultados hasta ahora se conservan.
   *[other] { $workers } workers no respondieron en { $limit } s tras Detener y se terminaron; los resultados hasta ahora se conservan.
}
grid-done = Hecho: { $finished } de { $total } entrenamientos terminados en { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s{ $failed } ({ $workers }).
grid-stopped = Detenida: { $finished } de { $total } entrenamientos terminados en { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s{ $failed } ({ $workers }).
grid-done-line = Rejilla hecha: { $finished } de { $total } entrenamientos terminados en { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s{ $failed } ({ $workers }).
grid-stopped-line = Rejilla detenida: { $finished } de { $total } entrenamientos terminados en { NUMBER($seconds, minimumFractionDigits: 1, maximumFractionDigits: 1) } s{ $failed } ({ $workers }).
grid-left = { $left } de { $total } entrenamientos no están hechos{ $failed }. Reanudar ejecuta solo esos.
grid-failed-count = ({ $count } fallidos: { $first })
grid-stopping = Deteniendo: los entrenamientos en curso terminan en su siguiente lote…
grid-resume-offer = Una rejilla { $how ->
    [running] estaba en marcha cuando se cerró la página
    [stopped] se detuvo
   *[ended] terminó
}:
grid-resume-folder = Entrena con una carpeta: elige antes la carpeta de nuevo.

# Las prácticas del curso (labs.js; sus ajustes y rejillas están en config/presets.rs)
lab-choose = — elige una práctica —
lab-intro = Cada práctica rellena los ajustes (y, si compara, la rejilla) y dice qué mirar. Es un enlace como cualquier otro ajuste.
lab-needs-folder = Esta práctica entrena con tus propias imágenes: carga una carpeta o un .zip (o suéltalo en la página) y pulsa Ejecutar.
lab-fix-settings = Corrige antes los ajustes: { $problem }
lab-grid-cannot-run = La rejilla no puede ejecutarse: { $problem }
lab-mlp-baseline = MLP de referencia
lab-mlp-baseline-about = Un MLP 784-256-128-10 entrenado con Adam durante 5 épocas sobre el conjunto de demo: la pérdida de entrenamiento y la de validación bajan juntas. Lee después la matriz de confusión: ¿qué prendas confunde (camisa y camiseta, jersey y abrigo)?
lab-overfitting = El sobreajuste y sus remedios
lab-overfitting-about = Un MLP ancho con solo 500 imágenes de entrenamiento, de cuatro maneras: sin regularización, dropout 0.3, decaimiento de pesos, aumento de datos. En las curvas superpuestas, alterna entre la exactitud de entrenamiento y la de validación: sin regularización la de entrenamiento se aleja de la de validación, y cada remedio acorta la distancia.
lab-optimizers = Optimizadores
lab-optimizers-about = SGD, SGD + momentum, Nesterov, Adam, AdamW y RMSprop con las tasas de aprendizaje por defecto de PyTorch (0.001; RMSprop 0.01) sobre el mismo MLP y la misma semilla. La superposición muestra la pérdida de validación: el SGD simple avanza despacio, el momentum lo acelera y los adaptativos llegan antes.
lab-initialization = Inicialización
lab-initialization-about = Un MLP tanh profundo (seis capas ocultas) iniciado de cuatro maneras: por defecto de PyTorch, Xavier, He y Uniform(−1, 1). Abre los histogramas de pesos y gradientes de cada entrenamiento en la época 1: Uniform(−1, 1) satura tanh y sus gradientes se desvanecen, Xavier los mantiene vivos.
lab-batchnorm = BatchNorm
lab-batchnorm-about = El mismo MLP profundo con SGD simple y una tasa de aprendizaje, sin y con BatchNorm. Con BatchNorm la pérdida baja desde la primera época; sin él la red profunda apenas se mueve.
lab-schedules = Planificación de la tasa de aprendizaje y callbacks
lab-schedules-about = Constante, StepLR, decaimiento coseno y ReduceLROnPlateau, con EarlyStopping activado y los pesos de la mejor época guardados. En las curvas superpuestas, alterna entre la tasa de aprendizaje y la pérdida de validación para ver cada planificación en acción; la tabla de entrenamientos indica la mejor época de cada uno.
lab-mlp-vs-cnn = MLP frente a CNN
lab-mlp-vs-cnn-about = Un MLP y una CNN pequeña con las mismas imágenes y las mismas épocas, uno junto a otro en la tabla de entrenamientos con su número de parámetros. Las convoluciones de la CNN ven juntos los píxeles vecinos, lo que el MLP tiene que aprender desde cero: compara la exactitud por peso.
lab-course-grid = La rejilla del curso (tu carpeta)
lab-course-grid-about = La búsqueda en rejilla de la práctica, a la escala del navegador: tamaño de lote × tasa de aprendizaje × dropout × tamaño de entrada sobre tu propia carpeta, 24 entrenamientos. Carga antes la carpeta; la tabla de entrenamientos se ordena por la mejor exactitud de validación, así que los ajustes ganadores salen primero.

# Las insignias de la navegación (nav.js)
badge-loading = cargando…
badge-folder = carpeta
badge-demo = demo
badge-running = en marcha
badge-done = terminado
badge-error = error
badge-stopped = detenido
badge-ready = listo

# La tarjeta de entrenamientos (runs-panel.js, runs-table.js)
runs-storage = Almacenamiento: { NUMBER($used, minimumFractionDigits: 1, maximumFractionDigits: 1) } MB de { NUMBER($quota, minimumFractionDigits: 1, maximumFractionDigits: 1) } MB en uso.
runs-model-gone = El modelo de «{ $name }» ya no está guardado.
runs-delete-confirm = { $count ->
    [one] ¿Borrar { $count } entrenamiento?
   *[other] ¿Borrar { $count } entrenamientos?
}
runs-deleted-old = Se ha borrado la mitad más antigua de los entrenamientos.
runs-skipped = { $count ->
    [one] { $count } entrenamiento guardado no se pudo leer (dañado o de otra versión) y se ha omitido; los demás están aquí.
   *[other] { $count } entrenamientos guardados no se pudieron leer (dañados o de otra versión) y se han omitido; los demás están aquí.
}
runs-more = Mostrar { $next } más ({ $left } sin mostrar)
runs-select-all =
    .title = seleccionar todos los entrenamientos de la lista
    .aria-label = seleccionar todos los entrenamientos de la lista
runs-select-run =
    .aria-label = seleccionar el entrenamiento (para comparar o exportar)
runs-note =
    .placeholder = nota
    .title = una nota, guardada con el entrenamiento y exportada
runs-open = Abrir
    .title = mostrar sus curvas, matriz de confusión, informe e histogramas
runs-export-json = JSON
    .title = exportar el entrenamiento
runs-export-csv = CSV
    .title = exportar sus épocas
runs-model = Modelo
    .title = cargar su modelo ({ $model }) para predecir, evaluar, exportar o ajustar
runs-run-name =
    .aria-label = el nombre del entrenamiento
runs-seeds = { $name } ({ $count } semillas)
runs-best-epoch = { $value } (época { $epoch })
runs-failed = falló: { $reason }
runs-running = en curso: época { $epoch } de { $epochs }
runs-ended = { $status ->
    [running] en curso
    [interrupted] interrumpido
    [halted] detenido por un fallo
    [stopped] detenido
    [early_stopped] parada temprana
   *[done] terminado
}
col-name = nombre
col-when = cuándo
col-dataset = datos
col-model = modelo
col-best = mejor exact. val
col-val-loss = pérdida val
col-test-acc = exact. test
col-params = parámetros
col-seconds = segundos
col-backend = backend
col-ended = final

# La evaluación (evaluation.js)
confusion-choice = real { $truth }, predicha { $predicted }
confusion-choice-count = real { $truth }, predicha { $predicted } ({ $count })
gallery-caption =
    .title = real: { $truth }, predicha: { $predicted } ({ $confidence })
gallery-note = { $count ->
    [one] { $count } imagen
   *[other] { $count } imágenes
}{ $shown ->
    [0] {""}
   *[other] , se muestran las { $shown } primeras
} · pie: real, predicha, confianza{ $pictures ->
    [0] {""}
   *[other] {" "}· imágenes solo de las { $pictures } primeras
}
hist-title-weights = Pesos, época { $epoch }
hist-title-gradients = Gradientes (último lote), época { $epoch }
top-confusions-caption = { $classes } clases: las confusiones más frecuentes (el mapa de calor muestra hasta { $max })
col-true-class = clase real
col-predicted-as = predicha como
col-images = imágenes
col-of-its-class = de su clase
report-caption = Informe de clasificación, época { $epoch }
col-precision = precisión
col-recall = exhaustividad (recall)
col-f1 = f1-score
col-support = soporte
report-accuracy = exactitud
report-macro-avg = media macro
report-weighted-avg = media ponderada

# Las palabras que dibujan los gráficos (los dibuja Rust: setChartWords)
chart-epoch = época
chart-loss = Pérdida
chart-accuracy = Exactitud
chart-learning-rate = Tasa de aprendizaje
chart-train = entrenamiento
chart-val = validación
chart-train-batch-smoothed = entrenamiento (lote, suavizado)
chart-train-epoch = entrenamiento (época)
chart-lr-after-first-epoch = tras la primera época
chart-no-run = Aún no hay entrenamiento: pulsa Entrenar y aquí aparecen la pérdida, la exactitud y la tasa de aprendizaje.
chart-confusion-counts = Confusión (recuentos)
chart-confusion-normalised = Confusión (normalizada por filas)
chart-predicted = predicha
chart-truth = real
chart-confusion-empty = Esta matriz de confusión no tiene clases, o no tiene un recuento por cada par: no hay nada que dibujar.
chart-no-histograms = No hay histogramas para esta época.
chart-overlay-empty = Selecciona entrenamientos en la tabla para comparar aquí sus curvas.
chart-parallel-empty = Selecciona dos o más entrenamientos con ajustes distintos para verlos aquí.

# La comparación de entrenamientos (compare.js)
pair-f1-caption = F1 por clase de las épocas informadas
col-difference = diferencia

# Lo que no puede empezar ahora, y por qué (state.js)
refusal = { $asked ->
    [loading] No se puede leer una carpeta
    [training] No se puede empezar a entrenar
    [grid] No se puede empezar una rejilla
    [evaluating] No se puede evaluar el modelo
   *[other] Esto no puede empezar
} { $phase ->
    [loading] mientras se lee una carpeta (o empieza un entrenamiento): espera a que termine
    [training] mientras se entrena: espera a que termine o pulsa Detener
    [stopping] mientras se detiene un entrenamiento: espera a que termine
    [grid] mientras se ejecuta una rejilla: espera a que termine o pulsa Detener la rejilla
    [evaluating] mientras se evalúa el modelo: espera a que termine
   *[other] ahora
}.

# Archivos de entrenamientos y de ajustes (runs-io.js)
runs-imported = { $count ->
    [one] Se ha importado { $count } entrenamiento de { $name }.
   *[other] Se han importado { $count } entrenamientos de { $name }.
}
runs-not-imported = { $name } no se ha importado: { $message }
config-imported = Los ajustes de { $name } están en el formulario.
config-not-imported = { $name } no es un archivo de ajustes: { $message }

# Los fallos del propio worker de entrenamiento (worker-client.js)
worker-failed = El worker de entrenamiento ha fallado: { $message }
worker-not-started = no se pudo iniciar
worker-unreadable = No se pudo leer un mensaje del worker de entrenamiento.
worker-restarted = el worker se ha reiniciado
worker-ended = se ha terminado el worker
worker-silent-ended = el worker no respondió y se ha terminado

# Lo que dice el trabajador mientras trabaja (src/train/stage.rs: Stage, BackendWhy)
status-loading-demo = Cargando el conjunto de demo…
status-starting-backend = Iniciando el backend de cálculo…
status-timing-backends = Midiendo este modelo en WebGPU y en la CPU…
status-no-preview = Sin vista previa: { $message }
status-decoding = Decodificando { $files } archivos de { $name }…
status-decoding-again = Decodificando de nuevo { $name } a { $size }×{ $size } { $channels ->
    [gray] en escala de grises
   *[rgb] en RGB
} ({ $interpolation })…
status-reading-back = Detenido: leyendo los pasos que aún están en curso…
status-evaluating-cut-short = Evaluando la época interrumpida en el conjunto de validación ({ $images } imágenes)…
status-reading-histograms = Leyendo los histogramas de pesos…
status-scoring-test = Evaluando el conjunto de test ({ $images } imágenes)…
status-keeping-model = Conservando el modelo de la época { $epoch }…
status-evaluation-progress = { $what ->
    [cut-short] Evaluando la época interrumpida
    [epoch-before-stopping] Evaluando la época { $epoch } antes de detenerse
    [test] Evaluando el conjunto de test
   *[test-before-stopping] Evaluando el conjunto de test antes de detenerse
}: { $done } de { $total } imágenes
backend-chosen-cpu = CPU (flex) elegida en los ajustes.
backend-unavailable = WebGPU no está disponible ({ $why }), así que se entrena en la CPU (flex).
backend-software = el adaptador WebGPU de este equipo es de software ({ $adapter }), más lento que el backend de CPU, así que el modo Automático entrena en la CPU (flex). Elige WebGPU para usarlo de todos modos.
backend-untimed = El modo Automático no pudo medir este modelo en los dos backends ({ $why }), así que entrena en la CPU (flex).
backend-timed = El modo Automático midió este modelo en los dos backends{ $earlier ->
    [true] {" "}antes en esta sesión
   *[false] {""}
}: WebGPU ({ $adapter }) { $webgpu } imágenes/s, CPU { $cpu } imágenes/s, así que entrena en { $chosen ->
    [webgpu] WebGPU
   *[cpu] la CPU (flex)
}.
backend-adapter = Adaptador WebGPU: { $adapter }.

# La organización y los avisos de una carpeta (src/data/notes.rs: LayoutNote, FolderNote)
folder-layout-flat = una carpeta por clase; se reserva el { $percent } % de cada clase para validación (semilla { $seed })
folder-layout-train-val = carpetas train/ y val/ tal como vienen{ $test ->
    [true] ; test/ se guarda como conjunto de test reservado
   *[false] {""}
}
folder-layout-train-only = carpeta train/ sin val/: se reserva el { $percent } % de cada clase para validación (semilla { $seed }){ $test ->
    [true] ; test/ se guarda como conjunto de test reservado
   *[false] {""}
}
folder-class-left-out = La clase «{ $class }» tiene { $images ->
    [one] { $images } imagen
   *[other] { $images } imágenes
} para entrenamiento y validación y se ha dejado fuera (cada clase necesita al menos 2).
folder-class-no-train = La clase «{ $class }» no tiene imágenes en train/, así que el modelo no puede aprenderla.
folder-class-no-val = La clase «{ $class }» no tiene imágenes en val/; no se puede medir su exactitud de validación.
folder-class-no-test = La clase «{ $class }» no tiene imágenes en test/.
folder-imbalanced = Las clases están desequilibradas: «{ $largest }» tiene { $largest_images ->
    [one] { $largest_images } imagen
   *[other] { $largest_images } imágenes
} y «{ $smallest }» solo { $smallest_images } ({ $ratio }×). La exactitud puede parecer buena aunque se falle la clase pequeña; mira los resultados por clase.
folder-files-unusable = { $count ->
    [one] { $count } archivo no se ha podido usar; aparece en la lista con el motivo.
   *[other] { $count } archivos no se han podido usar; aparecen en la lista con el motivo.
}

# La clase como clúster: las partes de una rejilla, entregadas y reunidas (classroom.js)
grid-shard-label =
    .title = Reparte la rejilla entre la clase: el puesto k de n ejecuta las combinaciones k, k+n, k+2n, … (vacío: la rejilla entera)
grid-shard-seat = Parte (puesto/de)
grid-hand-in = Entregar esta parte
grid-merge = reunir los archivos de la clase
grid-shard-plan = parte { $seat } de { $of }: combinaciones { $numbers }
grid-shard-ask = { $of } partes: ¿cuál es tu puesto? Escríbelo delante del número, p. ej. 1/{ $of }.
grid-merged-files = { $files ->
    [one] { $files } archivo reunido
   *[other] { $files } archivos reunidos
}: { $runs } entrenamientos de una rejilla de { $combinations } combinaciones.
grid-merged-missing = Faltan aún: combinaciones { $numbers }.
grid-merged-complete = Han llegado todas las combinaciones.
grid-merged-duplicates = Llegaron dos veces (se conservan ambas): combinaciones { $numbers }.
grid-merged-refused = Rechazado: { $why }
grid-merge-failed = No se pudieron reunir los archivos: { $message }

# El problema de un ajuste (config/checks.rs, config/url.rs): las claves, límites y valores quedan como se escribieron
config-range = { $key } debe estar entre { $lo } y { $hi } (se ha dado { $got })
config-interval = { $key } debe estar en { $interval } (se ha dado { $got })
config-probability = la p de { $key } debe estar en [0, 1] (se ha dado { $got })
config-bound = { $key } debe ser { $op } { $bound } (se ha dado { $got })
config-pair = { $key } debe ser dos números lo,hi con { $min } <= lo <= hi <= { $max } (se ha dado { $got })
config-hidden-layers = hidden: como mucho { $max } capas (se han dado { $got })
config-hidden-width = los anchos de las capas de hidden deben estar entre 1 y { $max } (se ha dado { $got })
config-kernel = kernel debe ser 3 o 5 (se ha dado { $got })
config-conv-blocks = conv_channels: una CNN necesita de 1 a { $max } bloques convolucionales (se han dado { $got })
config-conv-width = cada valor de conv_channels debe estar entre 1 y { $max } (se ha dado { $got })
config-train-limit = train_limit debe estar entre 0 y { $max }, 0 = todas (se ha dado { $got })
config-batch-norm-batch = batch_size debe ser al menos 2 con BatchNorm (PyTorch rechaza un lote de entrenamiento de una sola imagen)
config-nesterov-momentum = momentum debe ser mayor que 0 con SGD + Nesterov (PyTorch rechaza Nesterov sin momentum)
config-init-order = init_a debe ser menor que init_b (se han dado { $a } y { $b })
pair-unknown-setting = ajuste desconocido '{ $key }'
pair-bad-value = '{ $text }' no es un valor válido para { $key }
pair-ignored = { $problem } (no se ha usado)

# Por qué se omitió un archivo (data/notes.rs SkipNote); un detalle son las palabras del navegador o del decodificador
skip-empty = archivo vacío (0 bytes)
skip-not-image = no es una imagen (contenido no reconocido)
skip-unsupported = formato { $format } no admitido (usa JPEG, PNG, GIF, BMP o WebP)
skip-too-many-pixels = una imagen de { $width }×{ $height } píxeles es demasiado grande para decodificarla con seguridad (límite { $limit } megapíxeles)
skip-file-too-large = el archivo ocupa { $megabytes } MB, más que el límite de { $limit } MB por archivo
skip-corrupt = archivo truncado o dañado: { $detail }
skip-unreadable = no se ha podido leer ({ $detail })
skip-never-read = no se llegó a leer
skip-loose-in-split = está directamente en { $split }/, no en una carpeta de clase
skip-not-a-split = la carpeta { $folder }/ no es train/, val/ ni test/
skip-outside-splits = no está en una carpeta train/, val/ o test/
skip-outside-class = no está en una carpeta de clase

# Por qué no se puede entrenar con una carpeta (data/notes.rs FolderFailure)
folder-expected-layout = Se esperaba una carpeta por clase (p. ej. gatos/1.jpg, perros/2.jpg), o carpetas train/ y val/ con una carpeta por clase cada una.
folder-no-images = No se ha encontrado ninguna imagen utilizable{ $skipped ->
    [0] {""}
    [one] {" "}({ $skipped } archivo omitido, mira la lista)
   *[other] {" "}({ $skipped } archivos omitidos, mira la lista)
}. { folder-expected-layout }
folder-one-class = Solo se ha encontrado una carpeta de clase ('{ $class }'); un clasificador necesita al menos 2 clases. { folder-expected-layout }
folder-few-classes = Solo { $kept } de las { $classes } clases { $kept ->
    [one] tiene
   *[other] tienen
} al menos 2 imágenes; un clasificador necesita al menos 2 clases así. { folder-expected-layout }
folder-too-many-classes = { $classes } clases son más que las { $limit } que puede tener un entrenamiento aquí (la matriz de confusión crece con el cuadrado de las clases). Agrupa las clases o entrena con una parte de las carpetas.
folder-no-files = { $name } no contiene archivos.
folder-too-many-files = { $name }: contiene { $files } archivos, más que los { $limit } que puede tener aquí una carpeta o un .zip.
folder-zip-unreadable = { $name }: no es un .zip legible: { $detail }

# Por qué un entrenamiento no pudo empezar (train/stage.rs RunFailure)
run-image-too-small = la imagen de { $width }x{ $height } es demasiado pequeña para { $blocks } bloques MaxPool 2x2
run-no-folder = No hay ninguna carpeta cargada. Elige una carpeta o un .zip (o suéltalo en la página), o escoge el conjunto de demostración.
run-no-model = No hay ningún modelo desde el que continuar: entrena uno o carga un archivo de modelo.

# Qué falla en la especificación, las repeticiones o la parte de una búsqueda en rejilla (config/grid.rs GridProblem)
grid-empty = la rejilla está vacía: escribe los ajustes como clave=valor1,valor2; clave2=…
grid-not-key-values = '{ $part }' no es clave=valores
grid-unknown-setting = ajuste desconocido '{ $key }' en la rejilla
grid-twice = '{ $key }' aparece dos veces en la rejilla
grid-empty-value = '{ $key }' tiene un valor vacío en la rejilla
grid-bad-value = rejilla: { $problem }
grid-repeats = grid_repeats debe estar entre 1 y { $max } (se ha dado { $got })
grid-too-many-runs = rejilla: { $combinations } combinaciones × { $repeats } semillas = { $total } entrenamientos, más que los { $max } que puede tener una rejilla
grid-combination = combinación { $number }: { $problems }
shard-not-number = parte: el número de partes debe ser un número entero (se ha dado '{ $text }')
shard-seat-not-number = parte: el puesto debe ser un número entero (se ha dado '{ $text }')
shard-count = parte: una rejilla se reparte en entre 1 y { $max } partes (se han dado { $got })
shard-seat = parte: el puesto debe estar entre 1 y { $of } (se ha dado { $got })
shard-which-seat = parte: ¿qué puesto? El enlace solo dice el número de partes
shard-seat-empty = parte { $seat } de { $of }: la rejilla tiene { $combinations } combinaciones, así que a este puesto no le toca ninguna

# Los modelos y el enlace de la clase (classroom.js)
grid-hand-in-models = guardar los modelos entrenados para entregarlos (márcalo antes de ejecutar la rejilla; un archivo más grande, hasta 10 modelos)
grid-merged-models = { $models ->
    [one] Con los archivos ha llegado { $models } modelo entrenado: ábrelo desde la fila de su entrenamiento para exportarlo a PyTorch.
   *[other] Con los archivos han llegado { $models } modelos entrenados: abre uno desde la fila de su entrenamiento para exportarlo a PyTorch.
}
grid-merged-link = Enlace a la rejilla reunida
grid-merged-url =
    .aria-label = Enlace a la rejilla reunida
grid-link-name = el enlace de la rejilla reunida
grid-link-too-large = el enlace contiene más de { $mb } MB de entrenamientos

# Las negativas de una entrada de .zip y de una carga (data/notes.rs SkipNote, FolderFailure)
skip-zip-too-large = se descomprime en { $megabytes } MB o más, más que el límite de { $limit } MB por archivo
skip-zip-encrypted = entrada cifrada en el .zip (guarda el archivo sin contraseña)
skip-zip-method = comprimido con el método { $method }, que no se admite (usa zip/deflate normal)
skip-zip-unsupported = entrada del .zip no admitida: { $detail }
skip-zip-corrupt = entrada del .zip truncada o dañada: { $detail }
folder-cancelled = Se ha cancelado la carga.

# Un entrenamiento demasiado grande para la memoria del worker (train/stage.rs RunFailure::TooBig, MemoryAdvice)
run-too-big = Este entrenamiento necesita unos { $needs } en el worker de entrenamiento (pesos con la copia de la mejor época { $weights }, gradientes { $gradients }, estado { $optimizer ->
    [sgd] de SGD
    [adam] de Adam
    [adamw] de AdamW
    [rmsprop] de RMSprop
   *[other] del momentum
} { $state }, activaciones de un lote { $activations }, imágenes { $images }), más que los { $budget } que puede tener un worker del navegador. { $advice }
run-advice-smaller-model = Haz el modelo más pequeño: los anchos de hidden o los canales convolucionales (la capa más grande, { $layer }, tiene { $params } parámetros).
run-advice-smaller-batch = Usa un batch_size menor, un image_size menor o menos canales convolucionales.
run-advice-fewer-images = Usa un image_size menor o menos imágenes (train_limit).
grid-link-too-long = La rejilla reunida da un enlace de { $mb } MB, demasiado largo para abrirlo: comparte sus entrenamientos como archivo (el botón JSON de Entrenamientos).
