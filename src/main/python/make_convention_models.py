#!/usr/bin/python3
"""Builds the convention models of the parity tests: tiny EfficientNet-SE classifiers, one per input convention
that users' own Python pipelines follow, with PyTorch's outputs on committed images (README "Bring your own EfficientNet").

Each model is torchvision's EfficientNet (MBConv blocks with depthwise convolution and Squeeze-and-Excitation, SiLU)
with a three-stage block table at small width, random weights from a fixed seed, and BatchNorm statistics measured
on the fixture images (so activations keep their scale and different images get different, confident answers);
the classifier is scaled and centred so that probabilities spread. Such a model means nothing, but it reacts to
every pixel: a preprocessing step that differs from the Python pipeline moves its probabilities.

Writes src/test/resources/models/conventions/ (replacing what is there):

  images/                   the shared test images: real photos from Debian's python3-skimage data, shrunk
                            several-fold (baseline, progressive 4:4:4 and EXIF-rotated JPEGs, an Adobe-RGB-tagged
                            JPEG, RGB, gray, palette and RGBA PNGs) and crops at each model's own input size
                            (no resampling on those)
  <name>/model.onnx         ONNX opset 13, dynamic batch axis
  <name>/model.pt           the same model as TorchScript (torch.jit.trace), for the PyTorch engine
  <name>/labels.txt         class names, in output order
  <name>/model-card.json    the card the job needs for the convention
  <name>/reference.json     per image: PyTorch's raw outputs and probabilities through the convention's own Python
                            pipeline (PIL open -> convert -> PIL / torchvision transforms -> tensor -> model ->
                            softmax or sigmoid), whether the pipeline resampled it, the top-2 margin; the pipeline
                            in words; what a plausible wrong pipeline would have given
  <name>/input-tensors.f32.gz   the model input that pipeline made for two of the images (float32 little-endian,
                            gzip, shape in reference.json "tensor"): feeds the engine directly, apart from the job's
                            own preprocessing

Conventions: keras-nhwc (NHWC [N,64,64,3], raw 0..255 pixels, normalisation and softmax inside the graph),
gray-28 (1 channel [N,1,28,28]), bgr-caffe (BGR order, Caffe mean subtraction, no scaling), nonsquare-96x128
(exact resize to 96x128 with PIL's Lanczos), sigmoid-multilabel (a sigmoid per class), torchvision-pil
(Resize(73) + CenterCrop(64) on PIL images, PIL bilinear with antialiasing), timm-bicubic (crop_pct 0.875: Resize(109)
+ CenterCrop(96), PIL bicubic).

Usage (Debian python3-torch, python3-torchvision, python3-pil, python3-skimage; under a minute, one thread):
  /usr/bin/python3 src/main/python/make_convention_models.py [--out src/test/resources/models/conventions]
"""
import argparse
import gzip
import hashlib
import json
import os
import shutil

import numpy as np
import PIL
import skimage.data
import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as TF
from PIL import Image
from torchvision.models.efficientnet import EfficientNet, MBConvConfig

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
SKIMAGE = os.path.dirname(skimage.data.__file__)
SEED = 20191119
IMAGENET_MEAN = [0.485, 0.456, 0.406]  # torchvision / timm IMAGENET_DEFAULT_MEAN
IMAGENET_STD = [0.229, 0.224, 0.225]
CAFFE_BGR_MEAN = [103.939, 116.779, 123.68]  # Caffe's ImageNet means, B, G, R (keras' "caffe" preprocessing)
FASHION_MEAN, FASHION_STD = [0.2860], [0.3530]  # Fashion-MNIST training-set statistics
CIFAR10 = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
FASHION = ["t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"]
TAGS = ["sky", "person", "animal", "food", "vehicle", "indoor", "outdoor", "text"]
GENERIC = [f"class-{i:02d}" for i in range(12)]

# ---------------------------------------------------------------------------------------------------------- images


def skimage_image(name):
    return Image.open(os.path.join(SKIMAGE, name))


def write_images(folder):
    """The shared test images; returns their file names."""
    os.makedirs(folder)
    lanczos = Image.Resampling.LANCZOS
    astronaut = skimage_image("astronaut.png").convert("RGB")        # 512x512
    chelsea = skimage_image("chelsea.png").convert("RGB")            # 451x300
    coffee = skimage_image("coffee.png").convert("RGB")              # 600x400
    rocket = skimage_image("rocket.jpg")                             # 640x427, Adobe RGB profile embedded
    camera = skimage_image("camera.png").convert("L")                # 512x512 gray
    adobe_rgb = rocket.info["icc_profile"]

    def path(name):
        return os.path.join(folder, name)

    # Photos shrunk 2.5-4x (no colour profile, except the one that is about it).
    astronaut.resize((192, 192), lanczos).save(path("astronaut.jpg"), quality=90)            # baseline 4:2:0
    chelsea.resize((180, 120), lanczos).save(path("chelsea.png"), optimize=True)
    coffee.resize((240, 160), lanczos).save(path("coffee-progressive-444.jpg"), quality=92, progressive=True,
                                            subsampling=0)
    rocket.convert("RGB").resize((160, 107), lanczos).save(path("rocket-adobe-rgb.jpg"), quality=90,
                                                           icc_profile=adobe_rgb)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to view; PIL's Image.open ignores it, so training never saw it
    astronaut.crop((150, 20, 330, 275)).resize((90, 128), lanczos).save(path("astronaut-portrait-exif6.jpg"),
                                                                          quality=90, exif=exif.tobytes())
    camera.resize((128, 128), lanczos).save(path("camera-gray.png"), optimize=True)
    chelsea.crop((140, 40, 300, 160)).resize((64, 48), lanczos).quantize(48).save(path("chelsea-palette.png"))
    # RGBA: colour everywhere, alpha from 0 at the corners to 255 in the middle; convert("RGB") drops alpha and
    # keeps the stored colour, also under fully transparent pixels.
    y, x = np.mgrid[0:45, 0:60]
    rgba = np.zeros((45, 60, 4), np.uint8)
    rgba[..., 0] = x * 255 // 59
    rgba[..., 1] = y * 255 // 44
    rgba[..., 2] = ((x // 6 + y // 6) % 2) * 200 + 30
    dist = np.sqrt(((x - 29.5) / 30) ** 2 + ((y - 22) / 22.5) ** 2)
    rgba[..., 3] = np.clip(255 * (1.2 - dist), 0, 255).astype(np.uint8)
    Image.fromarray(rgba, "RGBA").save(path("gradient-rgba.png"))
    # Crops at the models' own input sizes: the pipelines leave their size alone (no resampling).
    shutil.copyfile(os.path.join(ROOT, "samples/fashion-mnist/ankle_boot/test-00000.png"), path("fashion-28x28.png"))
    chelsea.crop((180, 60, 244, 124)).save(path("chelsea-64x64.png"))
    coffee.crop((250, 120, 378, 216)).save(path("coffee-128x96.png"))
    astronaut.crop((170, 60, 243, 150)).save(path("astronaut-73x90.png"))
    chelsea.crop((120, 20, 260, 129)).save(path("chelsea-140x109.png"))
    return sorted(os.listdir(folder))


# -------------------------------------------------------------------------------------------------------- pipelines
# Each pipeline is what a user's own Python code does with one image file: PIL open -> convert -> resize/crop ->
# tensor in the model's input layout (without the batch axis). "exact" says whether no resampling happened.


def pil_resized(img, size):
    """torchvision Resize(size) output size (h, w) for a PIL image; as transforms.functional.resize computes it."""
    w, h = img.size
    if isinstance(size, int):
        short, long_ = (w, h) if w <= h else (h, w)
        new_short, new_long = size, int(size * long_ / short)
        return (new_long, new_short) if w <= h else (new_short, new_long)
    return tuple(size)


class Pipeline:
    def __init__(self, text, fn, resize):
        self.text, self.fn, self.resize = text, fn, resize

    def __call__(self, path):
        with Image.open(path) as img:
            img.load()
            return self.fn(img)

    def resamples(self, path):
        with Image.open(path) as img:
            return pil_resized(img, self.resize) != (img.size[1], img.size[0])


def keras_pipeline(img, resample=Image.Resampling.BILINEAR):
    # keras.utils.load_img(path, target_size=(64, 64), interpolation="bilinear") is exactly this (PIL's resize).
    x = np.asarray(img.convert("RGB").resize((64, 64), resample), dtype=np.float32)
    return torch.from_numpy(x.copy())  # H, W, 3; raw 0..255


def gray_pipeline(img):
    t = T.Compose([T.Resize(28), T.CenterCrop(28), T.ToTensor(), T.Normalize(FASHION_MEAN, FASHION_STD)])
    return t(img.convert("L"))


def bgr_pipeline(img, bgr=True):
    # What cv2.imread (BGR) + a float cv2.resize (INTER_LINEAR, half-pixel centres, no antialias) + centre crop +
    # Caffe mean subtraction give, written with torch: a BGR, mean-subtracted 0..255 tensor.
    x = TF.pil_to_tensor(img.convert("RGB")).float()
    if bgr:
        x = x[[2, 1, 0]]
    x = T.Resize(64, interpolation=T.InterpolationMode.BILINEAR, antialias=False)(x)
    x = T.CenterCrop(64)(x)
    mean = CAFFE_BGR_MEAN if bgr else CAFFE_BGR_MEAN[::-1]
    return x - torch.tensor(mean).view(3, 1, 1)


def nonsquare_pipeline(img, interpolation=T.InterpolationMode.LANCZOS):
    t = T.Compose([T.Resize((96, 128), interpolation=interpolation), T.ToTensor(),
                   T.Normalize(IMAGENET_MEAN, IMAGENET_STD)])
    return t(img.convert("RGB"))


def sigmoid_pipeline(img, interpolation=T.InterpolationMode.BICUBIC):
    # A tensor pipeline: ToTensor first, then torch's own bicubic (a = -0.75), no antialias, no clamping (float).
    x = T.ToTensor()(img.convert("RGB"))
    x = T.Resize((64, 64), interpolation=interpolation, antialias=False)(x)
    return T.Normalize(IMAGENET_MEAN, IMAGENET_STD)(x)


def torchvision_pipeline(img, antialias=True):
    if antialias:
        t = T.Compose([T.Resize(73), T.CenterCrop(64), T.ToTensor(), T.Normalize(IMAGENET_MEAN, IMAGENET_STD)])
        return t(img.convert("RGB"))
    # The same steps, resized as the job did before issue 11: bilinear without antialias, on the tensor.
    x = T.ToTensor()(img.convert("RGB"))
    x = T.CenterCrop(64)(T.Resize(73, antialias=False)(x))
    return T.Normalize(IMAGENET_MEAN, IMAGENET_STD)(x)


def timm_pipeline(img, interpolation=T.InterpolationMode.BICUBIC):
    # timm.data.create_transform(96, crop_pct=0.875, interpolation="bicubic"): Resize(floor(96 / 0.875) = 109).
    t = T.Compose([T.Resize(109, interpolation=interpolation), T.CenterCrop(96), T.ToTensor(),
                   T.Normalize(IMAGENET_MEAN, IMAGENET_STD)])
    return t(img.convert("RGB"))


# ----------------------------------------------------------------------------------------------------------- models


def tiny_effnet(num_classes, in_channels=3):
    """torchvision EfficientNet with a three-stage MBConv + SE table (B0's first stages, fewer layers)."""
    setting = [MBConvConfig(1, 3, 1, 16, 16, 1),
               MBConvConfig(4, 3, 2, 16, 24, 2),
               MBConvConfig(4, 5, 2, 24, 40, 2)]
    model = EfficientNet(setting, dropout=0.2, stochastic_depth_prob=0.0, num_classes=num_classes, last_channel=128)
    if in_channels != 3:
        stem = nn.Conv2d(in_channels, 16, kernel_size=3, stride=2, padding=1, bias=False)
        nn.init.kaiming_normal_(stem.weight, mode="fan_out")
        model.features[0][0] = stem
    return model


class NhwcSoftmax(nn.Module):
    """A Keras-style model: NHWC input of raw 0..255 pixels, normalisation inside the graph, softmax head."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1) * 255)
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1) * 255)

    def forward(self, x):
        x = (x.permute(0, 3, 1, 2) - self.mean) / self.std
        return torch.softmax(self.net(x), dim=1)


def calibrate(net, inputs, to_net, logit_std):
    """BatchNorm statistics from the inputs; classifier scaled to a logit spread of logit_std, centred per class."""
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the calibration batch
    net.train()
    with torch.no_grad():
        net(to_net(inputs))
    net.eval()
    linear = net.classifier[1]
    with torch.no_grad():
        logits = net(to_net(inputs))
        factor = logit_std / logits.std().item()
        linear.weight.mul_(factor)
        linear.bias.mul_(factor)
        linear.bias.sub_(logits.mean(0) * factor)


def augmented(pipeline, files, layout):
    """Calibration batch: each image through the pipeline, also mirrored."""
    xs = [pipeline(f) for f in files]
    width_axis = -2 if layout == "NHWC" else -1
    return torch.stack(xs + [x.flip(width_axis) for x in xs])


# ------------------------------------------------------------------------------------------------------ conventions


def conventions():
    """name -> what to build; wrong: a plausible mistake, to show the parity tolerances catch it."""
    bilinear = T.InterpolationMode.BILINEAR
    return {
        "keras-nhwc": dict(
            labels=CIFAR10, output="probabilities", layout="NHWC", shape=[-1, 64, 64, 3], input_name="image",
            pipeline=Pipeline("PIL Image.open(f).convert('RGB').resize((64, 64), Image.BILINEAR) -> numpy float32 "
                              "[1, 64, 64, 3] of raw 0..255 values (keras.utils.load_img(f, target_size=(64, 64), "
                              "interpolation='bilinear') + img_to_array) -> model (normalisation and softmax inside)",
                              keras_pipeline, (64, 64)),
            wrong=("PIL nearest (load_img's default interpolation) instead of bilinear",
                   lambda img: keras_pipeline(img, Image.Resampling.NEAREST)),
            card={"color": "RGB", "resize": [64, 64], "resize_mode": "exact", "interpolation": "pil_bilinear",
                  "crop": 64, "scale": 1.0, "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0]}),
        "gray-28": dict(
            labels=FASHION, output="logits", layout="NCHW", shape=[-1, 1, 28, 28], channels=1,
            pipeline=Pipeline("PIL Image.open(f).convert('L') -> T.Resize(28) -> T.CenterCrop(28) -> T.ToTensor() "
                              "-> T.Normalize([0.2860], [0.3530]) -> model -> softmax", gray_pipeline, 28),
            wrong=("mean of R, G, B instead of convert('L')'s weights",
                   lambda img: gray_pipeline(Image.fromarray(
                       np.asarray(img.convert("RGB"), np.float32).mean(2).round().astype(np.uint8), "L"))),
            card={"color": "GRAY", "resize": 28, "resize_mode": "shorter_side", "interpolation": "pil_bilinear",
                  "crop": 28, "scale": 1.0 / 255.0, "mean": FASHION_MEAN, "std": FASHION_STD}),
        "bgr-caffe": dict(
            labels=GENERIC[:10], output="logits", layout="NCHW", shape=[-1, 3, 64, 64],
            pipeline=Pipeline("PIL Image.open(f).convert('RGB') -> pil_to_tensor -> float -> channels reversed to "
                              "B, G, R (as cv2.imread gives them) -> T.Resize(64, bilinear, antialias=False) on the "
                              "tensor (cv2.resize INTER_LINEAR on floats) -> T.CenterCrop(64) -> minus the Caffe "
                              "means (B, G, R) 103.939, 116.779, 123.68 -> model -> softmax", bgr_pipeline, 64),
            wrong=("RGB order (the means reordered too)", lambda img: bgr_pipeline(img, bgr=False)),
            card={"color": "BGR", "resize": 64, "resize_mode": "shorter_side", "interpolation": "bilinear",
                  "crop": 64, "scale": 1.0, "mean": CAFFE_BGR_MEAN, "std": [1.0, 1.0, 1.0]}),
        "nonsquare-96x128": dict(
            labels=GENERIC[:12], output="logits", layout="NCHW", shape=[-1, 3, 96, 128],
            pipeline=Pipeline("PIL Image.open(f).convert('RGB') -> T.Resize((96, 128), interpolation=LANCZOS) -> "
                              "T.ToTensor() -> T.Normalize(ImageNet mean, std) -> model -> softmax",
                              nonsquare_pipeline, (96, 128)),
            wrong=("PIL bilinear instead of Lanczos", lambda img: nonsquare_pipeline(img, bilinear)),
            card={"color": "RGB", "resize": [96, 128], "resize_mode": "exact", "interpolation": "pil_lanczos",
                  "crop": [96, 128], "scale": 1.0 / 255.0, "mean": IMAGENET_MEAN, "std": IMAGENET_STD}),
        "sigmoid-multilabel": dict(
            labels=TAGS, output="sigmoid_logits", layout="NCHW", shape=[-1, 3, 64, 64], logit_std=1.5,
            pipeline=Pipeline("PIL Image.open(f).convert('RGB') -> T.ToTensor() -> T.Resize((64, 64), BICUBIC, "
                              "antialias=False) on the float tensor (torch's bicubic, a = -0.75, no clamping) -> "
                              "T.Normalize(ImageNet mean, std) -> model -> sigmoid per class",
                              sigmoid_pipeline, (64, 64)),
            wrong=("torch bilinear instead of bicubic", lambda img: sigmoid_pipeline(img, bilinear)),
            card={"color": "RGB", "resize": [64, 64], "resize_mode": "exact", "interpolation": "bicubic",
                  "crop": 64, "scale": 1.0 / 255.0, "mean": IMAGENET_MEAN, "std": IMAGENET_STD}),
        "torchvision-pil": dict(
            labels=GENERIC[:10], output="logits", layout="NCHW", shape=[-1, 3, 64, 64],
            pipeline=Pipeline("PIL Image.open(f).convert('RGB') -> T.Resize(73) (PIL bilinear, antialiased) -> "
                              "T.CenterCrop(64) -> T.ToTensor() -> T.Normalize(ImageNet mean, std) -> model -> "
                              "softmax", torchvision_pipeline, 73),
            wrong=("bilinear without antialias on the tensor (the job before issue 11)",
                   lambda img: torchvision_pipeline(img, antialias=False)),
            card={"color": "RGB", "resize": 73, "resize_mode": "shorter_side", "interpolation": "pil_bilinear",
                  "crop": 64, "scale": 1.0 / 255.0, "mean": IMAGENET_MEAN, "std": IMAGENET_STD}),
        "timm-bicubic": dict(
            labels=GENERIC[:10], output="logits", layout="NCHW", shape=[-1, 3, 96, 96],
            pipeline=Pipeline("timm.data.create_transform(96, crop_pct=0.875, interpolation='bicubic'): PIL "
                              "Image.open(f).convert('RGB') -> T.Resize(109, BICUBIC) (PIL bicubic, a = -0.5, "
                              "antialiased) -> T.CenterCrop(96) -> T.ToTensor() -> T.Normalize(ImageNet mean, std) "
                              "-> model -> softmax", timm_pipeline, 109),
            wrong=("PIL bilinear instead of bicubic", lambda img: timm_pipeline(img, bilinear)),
            card={"color": "RGB", "resize": 109, "resize_mode": "shorter_side", "interpolation": "pil_bicubic",
                  "crop": 96, "scale": 1.0 / 255.0, "mean": IMAGENET_MEAN, "std": IMAGENET_STD}),
    }


def to_probabilities(outputs, kind):
    if kind == "logits":
        return torch.softmax(outputs, dim=1)
    if kind == "sigmoid_logits":
        return torch.sigmoid(outputs)
    return outputs


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def build(name, spec, images_dir, files, out):
    torch.manual_seed(SEED + sum(map(ord, name)))
    folder = os.path.join(out, name)
    os.makedirs(folder)
    labels = spec["labels"]
    paths = [os.path.join(images_dir, f) for f in files]
    pipeline = spec["pipeline"]
    net = tiny_effnet(len(labels), spec.get("channels", 3))
    calibration = augmented(pipeline, paths, spec["layout"])
    if spec["layout"] == "NHWC":
        model = NhwcSoftmax(net)
        calibrate(net, calibration, lambda x: (x.permute(0, 3, 1, 2) - model.mean) / model.std, spec["logit_std"])
    else:
        model = net
        calibrate(net, calibration, lambda x: x, spec["logit_std"])
    model.eval()
    params = sum(p.numel() for p in model.parameters())

    output_name = "probabilities" if spec["output"] == "probabilities" else "logits"
    input_name = spec.get("input_name", "input")
    example = pipeline(paths[0]).unsqueeze(0)
    onnx_path = os.path.join(folder, "model.onnx")
    torch.onnx.export(model, example, onnx_path, opset_version=13, input_names=[input_name],
                      output_names=[output_name], dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}})
    # The same weights for DJL's PyTorch engine: the card must be followed alike by both engines (issue 11).
    with torch.no_grad():
        torch.jit.trace(model, example).save(os.path.join(folder, "model.pt"))
    with open(os.path.join(folder, "labels.txt"), "w") as f:
        f.write("\n".join(labels) + "\n")

    entries, tensors = [], []
    wrong_text, wrong_fn = spec["wrong"]
    wrong_max, wrong_flips = 0.0, 0
    exact_file = next(f for f, p in zip(files, paths) if not pipeline.resamples(p))
    tensor_files = [exact_file, "chelsea.png"]
    with torch.no_grad():
        for f, p in zip(files, paths):
            x = pipeline(p)
            raw = model(x.unsqueeze(0))[0]
            probs = to_probabilities(raw.unsqueeze(0), spec["output"])[0]
            top = torch.topk(probs, 2)
            with Image.open(p) as img:
                img.load()
                wrong_probs = to_probabilities(model(wrong_fn(img).unsqueeze(0)), spec["output"])[0]
                entries.append({"file": f, "width": img.size[0], "height": img.size[1], "mode": img.mode,
                                "resampled": pipeline.resamples(p), "top1_index": int(top.indices[0]),
                                "top2_margin": float(top.values[0] - top.values[1]),
                                "outputs": [float(v) for v in raw], "probabilities": [float(v) for v in probs]})
            wrong_max = max(wrong_max, float((wrong_probs - probs).abs().max()))
            wrong_flips += int(wrong_probs.argmax() != probs.argmax())
            if f in tensor_files:
                tensors.append((tensor_files.index(f), x))
    tensors.sort(key=lambda t: t[0])
    batch = torch.stack([x for _, x in tensors]).contiguous()
    with open(os.path.join(folder, "input-tensors.f32.gz"), "wb") as raw_file:
        with gzip.GzipFile(filename="", fileobj=raw_file, mode="wb", mtime=0) as gz:
            gz.write(batch.numpy().astype("<f4").tobytes())

    reference = {
        "model": name,
        "source": f"PyTorch {torch.__version__} eval() forward on the CPU, torchvision {torchvision.__version__}, "
                  f"Pillow {PIL.__version__}",
        "python_pipeline": pipeline.text,
        "output_kind": spec["output"],
        "images_dir": "../images",
        "images": entries,
        "tensor": {"file": "input-tensors.f32.gz", "dtype": "float32", "byte_order": "little-endian",
                   "shape": list(batch.shape), "images": tensor_files},
        "wrong_pipeline": {"what": wrong_text, "max_abs_probability_difference": wrong_max,
                           "top1_changes": wrong_flips, "images": len(files)},
    }
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1)

    output_dim = len(labels)
    card = {
        "name": "convention-" + name,
        "architecture": "tiny EfficientNet-SE for parity tests: torchvision EfficientNet, MBConv + Squeeze-and-"
                        "Excitation stages (expand, kernel, stride, out, layers) (1,3,1,16,1) (4,3,2,24,2) "
                        "(4,5,2,40,2), head 128, random weights (seeded), BatchNorm statistics from the test images; "
                        "its predictions mean nothing",
        "parameters": params,
        "framework": f"torch {torch.__version__}, torchvision {torchvision.__version__}",
        "convention": pipeline.text,
        "input": {"name": input_name, "shape": spec["shape"], "layout": spec["layout"], "dtype": "float32"},
        "output": {"name": output_name, "shape": [-1, output_dim], "kind": spec["output"]},
        "preprocessing": dict({"decode": "pil"}, **spec["card"]),
        "labels": "labels.txt",
        "files": {n: sha256(os.path.join(folder, n))
                  for n in ["model.onnx", "model.pt", "labels.txt", "reference.json", "input-tensors.f32.gz"]},
    }
    with open(os.path.join(folder, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
    flips = sum(1 for e in entries if e["resampled"])
    print(f"{name}: {params} parameters, {os.path.getsize(onnx_path)} bytes ONNX, {len(entries)} images "
          f"({flips} resampled); a wrong pipeline ({wrong_text}): max |dp| {wrong_max:.3f}, "
          f"{wrong_flips} top-1 changes")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, "src/test/resources/models/conventions"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    images_dir = os.path.join(args.out, "images")
    files = write_images(images_dir)
    for name, spec in conventions().items():
        spec.setdefault("logit_std", 2.5)  # softmax: top-1 probabilities from about 0.2 to 0.9
        build(name, spec, images_dir, files, args.out)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(args.out) for f in fs)
    print(f"wrote {args.out}: {total / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
