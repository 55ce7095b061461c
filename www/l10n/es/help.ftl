### Qué hace cada ajuste, abierto desde el propio ajuste (el "?" a su lado), y una línea bajo cada
### gráfico sobre cómo leerlo. Las claves de los ajustes y los nombres de PyTorch/Albumentations no se traducen.
### Un ajuste con opciones tiene un mensaje para el ajuste y uno por opción: help-CLAVE-OPCIÓN.

help-open = ¿Qué hace { $setting }?
help-close = Cerrar

## Datos

help-dataset = Las imágenes con las que se entrena: el conjunto de demostración (Fashion-MNIST, 10 clases de ropa de 28×28) o la carpeta cargada en esta página.
help-dataset-demo = La demo: un subconjunto de Fashion-MNIST (Zalando, licencia MIT), 28×28 en escala de grises, así que el tamaño de imagen y la escala de grises no se aplican; sus imágenes de validación son un conjunto fijo propio, así que la parte reservada tampoco se aplica.
help-dataset-folder = Tu carpeta: una subcarpeta por clase, o train/ y val/ (y test/) cada una con una subcarpeta por clase; cada imagen se decodifica aquí, nunca se envía a ningún sitio, y se redimensiona al tamaño de imagen.
help-image_size = Cada imagen se redimensiona a S×S píxeles antes de entrenar (A.Resize; no se conserva la proporción). La entrada del modelo crece con S²: 64×64×3 = 12 288 números por imagen.
help-grayscale = Un canal de luminancia en lugar de tres: Y = 0,299 R + 0,587 G + 0,114 B. Un tercio de la entrada, y el color ya no distingue clases.
help-interpolation = Cómo se calcula cada píxel de la imagen redimensionada a partir de la original.
help-interpolation-antialias = Cuenta cada píxel original: una reducción previa por cajas y luego un filtro triangular que se ensancha con la escala (Resize(antialias=True) de torchvision). El menor aliasing al reducir.
help-interpolation-linear = INTER_LINEAR de OpenCV, el de A.Resize por defecto: los 4 píxeles más cercanos, ponderados por distancia. Al reducir mucho se salta píxeles y los patrones finos pueden sufrir aliasing.
help-interpolation-area = INTER_AREA de OpenCV: cada píxel nuevo es la media de los píxeles originales que cubre. Bueno para reducir.
help-val_fraction = Para una carpeta sin val/: la parte de cada clase reservada para validación, las mismas imágenes con la misma semilla. 0,2 aparta el 20 % de cada clase.
help-train_limit = Entrenar con como mucho este número de imágenes (0 = todas), manteniendo las proporciones de las clases. Para pruebas rápidas con una carpeta grande.
help-normalize = A.Normalize: x' = (x / max_pixel − media) / desviación típica en cada canal, para que las entradas queden centradas cerca de 0 con dispersión unidad; acelera y estabiliza el entrenamiento.
help-normalize-imagenet = Las estadísticas de ImageNet: media (0,485, 0,456, 0,406), desviación típica (0,229, 0,224, 0,225), píxel máximo 255; el valor por defecto de A.Normalize.
help-normalize-train = La media y la desviación típica de cada canal medidas en el conjunto de entrenamiento (nunca en el de validación).
help-normalize-none = Solo x / 255: entradas entre 0 y 1.

## Aumento de datos

help-random_resized_crop = RandomResizedCrop p: con probabilidad p, recorta un área aleatoria (una fracción de la imagen dentro de crop_scale, una proporción dentro de crop_ratio) y la lleva de nuevo a S×S.
help-crop_scale = El rango del área del recorte como fracción de la imagen: 0,08,1 es el valor por defecto de torchvision.
help-crop_ratio = El rango de ancho/alto del recorte: 0,75,1,333 (3/4 a 4/3) es el valor por defecto de torchvision.
help-horizontal_flip = HorizontalFlip p: refleja la imagen de izquierda a derecha con probabilidad p. Adecuado para la mayoría de fotos; no cuando izquierda y derecha importan (texto, algunas vistas médicas).
help-vertical_flip = VerticalFlip p: pone la imagen boca abajo con probabilidad p. Adecuado cuando las imágenes no tienen "arriba" (lesiones de piel, microscopía, satélite).
help-shift_scale_rotate = ShiftScaleRotate p: con probabilidad p, desplaza hasta shift_limit del tamaño, escala por 1 ± scale_limit y gira hasta ± rotate_limit grados (bilineal, borde reflejado).
help-shift_limit = El mayor desplazamiento, como fracción del ancho y del alto: 0,0625 son 4 píxeles de 64.
help-scale_limit = La escala se elige en 1 ± scale_limit: 0,1 da de 0,9 a 1,1.
help-rotate_limit = El ángulo se elige en ± rotate_limit grados.
help-random_brightness_contrast = RandomBrightnessContrast p: x' = α·x + β·máx, con contraste α en 1 ± contrast_limit y brillo β en ± brightness_limit.
help-brightness_limit = β se elige en ± brightness_limit y se suma como fracción del valor máximo de píxel.
help-contrast_limit = α se elige en 1 ± contrast_limit y multiplica cada píxel.
help-gauss_noise = GaussNoise p: suma ruido N(0, σ²) a cada píxel con probabilidad p, con σ elegida en noise_std_range.
help-noise_std_range = El rango de σ como fracción de 255: 0,2,0,44 es el valor por defecto de Albumentations.

## Modelo

help-model = La red.
help-model-mlp = Un perceptrón multicapa: la imagen aplanada en un vector y luego capas densas h = act(W·x + b). No ve vecindades: un píxel es solo una entrada.
help-model-cnn = Una red convolucional: filtros pequeños recorren la imagen (pesos compartidos), así un patrón se encuentra esté donde esté; el pooling reduce el tamaño a la mitad tras cada bloque.
help-hidden = Los anchos de las capas densas ocultas, de la entrada a la salida: 256,128 es Linear(entrada, 256) → Linear(256, 128) → Linear(128, clases). Vacío: una sola Linear.
help-conv_channels = Los bloques de la CNN y sus filtros: 16,32 son dos bloques, Conv2d → [BatchNorm2d] → activación → MaxPool2d(2) → [Dropout]. Cada bloque reduce la imagen a la mitad.
help-kernel = El tamaño k×k del filtro de la convolución (padding same). Un filtro 3×3 tiene 9 pesos por canal de entrada.
help-head = Cómo los mapas del último bloque se convierten en un vector para las capas densas.
help-head-flatten = Flatten: todos los valores de todos los mapas, en orden (muchas entradas para la primera Linear).
help-head-gap = Global average pooling: una media por canal, esté donde esté el patrón.
help-activation = La no linealidad tras cada capa oculta.
help-activation-relu = ReLU(x) = máx(0, x).
help-activation-gelu = GELU(x) = x·Φ(x), con Φ la función de distribución normal estándar.
help-activation-tanh = tanh(x), entre −1 y 1.
help-activation-sigmoid = σ(x) = 1 / (1 + e^−x), entre 0 y 1; su gradiente se desvanece para |x| grande.
help-activation-leaky_relu = LeakyReLU(x) = x si x > 0, si no 0,01·x.
help-batch_norm = BatchNorm tras cada capa oculta, antes de la activación: x̂ = (x − μ_B) / √(σ²_B + ε), y = γ·x̂ + β, con μ_B, σ²_B del lote (eps 1e-5). Al evaluar usa medias móviles (momentum 0,1). Estabiliza y acelera el entrenamiento.
help-dropout = Dropout p: al entrenar, cada activación oculta se pone a 0 con probabilidad p y las demás se multiplican por 1/(1 − p), de modo que el valor esperado no cambia; al evaluar se usan todas las unidades.
help-init = Cómo empiezan los pesos (los sesgos empiezan en 0 salvo con la inicialización por defecto de PyTorch).
help-init-default = La de PyTorch por defecto: W, b ~ U(−1/√fan_in, 1/√fan_in).
help-init-xavier_uniform = Xavier (Glorot) uniforme: W ~ U(−a, a), a = √(6 / (fan_in + fan_out)). Conserva la varianza con tanh y sigmoide.
help-init-xavier_normal = Xavier (Glorot) normal: W ~ N(0, 2 / (fan_in + fan_out)).
help-init-he_normal = He (Kaiming) normal: W ~ N(0, 2 / fan_in). Conserva la varianza con ReLU.
help-init-he_uniform = He (Kaiming) uniforme: W ~ U(−a, a), a = √(6 / fan_in).
help-init-uniform = W ~ U(init_a, init_b).
help-init-normal = W ~ N(0, init_std²).
help-init_a = El extremo inferior a de U(a, b).
help-init_b = El extremo superior b de U(a, b).
help-init_std = La desviación típica de N(0, std²).

## Optimización

help-optimizer = La regla de actualización de cada peso w con gradiente g (lr = η).
help-optimizer-sgd = SGD: w ← w − η·g.
help-optimizer-momentum = SGD con momento μ: v ← μ·v + g, w ← w − η·v (la forma de PyTorch, dampening 0).
help-optimizer-nesterov = Momento de Nesterov: v ← μ·v + g, w ← w − η·(g + μ·v). Mira hacia delante en la dirección de la velocidad; necesita momentum > 0.
help-optimizer-adam = Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − η·m̂ / (√v̂ + ε), con m̂, v̂ corregidos de sesgo; β = (0,9, 0,999), ε = 1e-8 (los de PyTorch; el ε propio de burn es 1e-5).
help-optimizer-adamw = AdamW: Adam con weight decay desacoplado, w ← w·(1 − η·λ) antes del paso de Adam; el λ por defecto de PyTorch es 0,01.
help-optimizer-rmsprop = RMSprop: v ← α·v + (1 − α)g², w ← w − η·g / (√v + ε); α = 0,99, ε = 1e-8, sin momento (los de PyTorch; el de burn trae momentum 0,9).
help-lr = La tasa de aprendizaje η: el tamaño de cada paso. Demasiado alta y la pérdida salta o diverge; demasiado baja y baja despacio.
help-momentum = μ, la parte de la velocidad anterior que se conserva en cada paso (SGD con momento, Nesterov).
help-weight_decay = λ: regularización L2, g ← g + λ·w (AdamW: desacoplada, w ← w·(1 − η·λ)). Lleva los pesos hacia 0 contra el sobreajuste.
help-batch_size = Imágenes por paso: el gradiente es la media sobre el lote. Lotes mayores dan gradientes más suaves y menos pasos por época.
help-epochs = Pasadas por todo el conjunto de entrenamiento.

## Calendario y callbacks

help-schedule = Cómo cambia la tasa de aprendizaje a lo largo de las épocas.
help-schedule-constant = η no cambia.
help-schedule-step_lr = StepLR: η se multiplica por gamma cada step_size épocas: η_e = η·gamma^⌊e / step_size⌋.
help-schedule-cosine = Decaimiento coseno: η_e = min_lr + (η − min_lr)·(1 + cos(π·e / épocas)) / 2, de η hasta min_lr.
help-schedule-reduce_on_plateau = ReduceLROnPlateau: cuando val_loss no mejora (un 1e-4 relativo) durante plateau_patience épocas, η ← máx(η·plateau_factor, min_lr).
help-step_size = El periodo de StepLR en épocas.
help-gamma = El factor de StepLR: 0,1 divide η entre 10.
help-min_lr = La menor tasa de aprendizaje a la que llega un calendario.
help-plateau_factor = El factor de ReduceLROnPlateau: η ← η·factor.
help-plateau_patience = Épocas sin mejora antes de que ReduceLROnPlateau baje η.
help-monitor = La métrica que elige la mejor época (y la que vigila EarlyStopping).
help-monitor-val_loss = La pérdida de validación (mejor cuanto menor).
help-monitor-val_accuracy = La exactitud de validación (mejor cuanto mayor).
help-early_stopping = EarlyStopping: para cuando la métrica vigilada no ha mejorado en min_delta durante patience épocas.
help-patience = Épocas sin mejora que espera EarlyStopping.
help-min_delta = El menor cambio que cuenta como mejora para EarlyStopping.
help-keep = Qué época informa la ejecución y guarda su modelo.
help-keep-best = La mejor época según la métrica vigilada, con sus pesos restaurados (restore_best_weights de Keras; un checkpoint del mejor).
help-keep-last = Los resultados y pesos de la última época.
help-seed = Un número para todo lo aleatorio (inicialización, barajados, aumento de datos, dropout, la partición de validación): la misma semilla repite la misma ejecución en el mismo backend.
help-backend = Dónde se entrena.
help-backend-auto = WebGPU con una GPU real; si no, la CPU.
help-backend-webgpu = La GPU mediante WebGPU.
help-backend-cpu = La CPU (con varios hilos donde la página lo permite).
help-cpu-threads = Cuántos hilos de CPU usa una ejecución; los trabajadores de una búsqueda en rejilla se reparten los núcleos.

## Gráficos

chart-help-curves = Pérdida (izquierda), exactitud (centro) y tasa de aprendizaje (derecha) por época: entrenamiento en azul, validación en naranja. Una pérdida de validación que sube mientras baja la de entrenamiento es sobreajuste.
chart-help-confusion = Fila: la clase real; columna: la clase predicha; la diagonal son los aciertos. Una celda clara fuera de la diagonal es una confusión frecuente: elígela para ver sus imágenes.
chart-help-histograms = Cómo se reparten los pesos (o los últimos gradientes) de cada capa en la época elegida. Gradientes cerca de 0 en las primeras capas indican que apenas aprenden.
chart-help-overlay = Las curvas de una métrica de las ejecuciones seleccionadas en los mismos ejes: qué ajuste aprende más rápido o termina más alto.
chart-help-parallel = Cada ejecución seleccionada es una línea que cruza sus ajustes y su puntuación: las líneas que llegan a una puntuación alta vienen de los ajustes que conviene conservar.
