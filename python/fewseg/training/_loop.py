"""The training loop shared by the lesion prior and the label-efficiency experiment:
supervised on augmented labelled squares, optionally with a mean teacher on unlabelled ones.

Mean teacher (Tarvainen and Valpola, NeurIPS 2017): the teacher's weights are an
exponential moving average of the student's; on unlabelled images the student is asked to
agree with the teacher under different colour and illumination noise of the same framing.
The agreement's weight ramps up over the first epochs, while the teacher is still poor.

A fixed teacher (``teacher_decay=1``) is the network training started from: the student
learns the new masks while still agreeing with it on the unlabelled images, as in Li and
Hoiem's learning without forgetting (ECCV 2016); the student is what training returns.
"""

import copy
import json
import time

import numpy as np
import torch
from torch.nn import functional as F

from ..lesion.prior.preprocess import MEAN, STD
from ._augment import augment, degradation, geometric, hairs, illumination, photometric

TEACHER_DECAY = 0.99
CONSISTENCY_WEIGHT = 1.0
# Share of the run over which the consistency weight ramps up (sigmoid-shaped).
RAMP_UP_SHARE = 0.3


def standardise(batch):
    """The torch twin of `preprocess.standardised` for (B, 3, S, S) batches on [0, 1]."""
    return (batch - torch.from_numpy(MEAN).reshape(1, 3, 1, 1)) / torch.from_numpy(STD).reshape(1, 3, 1, 1)


def loss_function(logits, target):
    """Binary cross-entropy plus one minus the soft Dice of each image."""
    bce = F.binary_cross_entropy_with_logits(logits, target)
    p = torch.sigmoid(logits)
    overlap = (p * target).sum(dim=(1, 2, 3))
    dice = (2 * overlap + 1) / (p.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3)) + 1)
    return bce + (1 - dice).mean()


def warmup_cosine(total_steps, warmup_share=0.05):
    """Learning-rate factor per step: a linear warm-up, then a cosine decay to zero."""
    warmup = max(1, round(warmup_share * total_steps))

    def factor(step):
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + np.cos(np.pi * min(1.0, (step - warmup) / max(1, total_steps - warmup))))

    return factor


def _noisy_view(images, generator):
    """The photometric half of `augment`: same framing, other camera and light."""
    return degradation(hairs(illumination(photometric(images, generator), generator), generator), generator)


def _as_input(images):
    return standardise(images).contiguous(memory_format=torch.channels_last)


def fit_network(model, x, y, *, size, epochs, batch_size, learning_rate, weight_decay, generator,
                steps_per_epoch=None, unlabelled=None, evaluate=None, eval_every=1, started=None, log=None,
                teacher_decay=TEACHER_DECAY):
    """Train `model` in place on uint8 squares `x` (N, 3, H, W) and masks `y` (N, 1, H, W).

    `unlabelled` (uint8 squares, optional) adds the mean teacher (decay `teacher_decay`;
    1: the fixed starting network). `evaluate(model)` (a
    score, higher is better) runs every `eval_every` epochs and at the end; the weights
    with the best score are loaded at the end (the last ones without `evaluate`).
    `log(entry)` is given each epoch's history entry (default: printed as JSON).
    Returns (history, best_epoch).
    """
    log = log or (lambda entry: print(json.dumps(entry), flush=True))
    started = time.time() if started is None else started
    steps_per_epoch = steps_per_epoch or max(1, len(x) // batch_size)
    total = epochs * steps_per_epoch
    optimiser = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=weight_decay)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, warmup_cosine(total))
    teacher = None
    fixed_teacher = teacher_decay == 1
    if unlabelled is not None and len(unlabelled):
        teacher = copy.deepcopy(model)
        for p in teacher.parameters():
            p.requires_grad_(False)
    history, best, step_count = [], (-np.inf, None, 0), 0
    for epoch in range(1, epochs + 1):
        model.train()
        losses = []
        # Each epoch goes through the images in a new order (as many passes as its steps need).
        passes = -(-steps_per_epoch * batch_size // len(x))
        order = torch.cat([torch.randperm(len(x), generator=generator) for _ in range(passes)])
        for step in range(steps_per_epoch):
            pick = order[step * batch_size:(step + 1) * batch_size]
            images, masks = augment(x[pick].float() / 255, y[pick].float() / 255, size, generator)
            loss = loss_function(model(_as_input(images)), masks)
            if teacher is not None:
                loss = loss + _consistency(model, teacher, unlabelled, size, batch_size, generator, step_count / total)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step_count += 1
            if teacher is not None and not fixed_teacher:
                _update_teacher(teacher, model, teacher_decay)
            losses.append(loss.item())
        entry = {"epoch": epoch, "loss": round(float(np.mean(losses)), 4),
                 "minutes": round((time.time() - started) / 60, 2)}
        if evaluate is not None and (epoch % eval_every == 0 or epoch == epochs):
            # The teacher, where there is one, is the better model (an average of students).
            judged = teacher if teacher is not None and not fixed_teacher else model
            score = evaluate(judged)
            entry["tune_dice"] = None if score is None else round(float(score), 4)
            score = float(epoch) if score is None else float(score)  # no tune images: the last epoch
            if score > best[0]:
                best = (score, copy.deepcopy(judged.state_dict()), epoch)
        history.append(entry)
        log(entry)
    if best[1] is not None:
        model.load_state_dict(best[1])
    elif teacher is not None and not fixed_teacher:
        model.load_state_dict(teacher.state_dict())
    return history, best[2] or epochs


def _consistency(student, teacher, unlabelled, size, batch_size, generator, progress):
    pick = torch.randint(len(unlabelled), (batch_size,), generator=generator)
    framed, _ = geometric(unlabelled[pick].float() / 255, torch.zeros(batch_size, 1, *unlabelled.shape[2:]),
                          size, generator)
    teacher.train()  # batch statistics of its own batch, as the student's
    with torch.no_grad():
        target = torch.sigmoid(teacher(_as_input(_noisy_view(framed, generator))))
    predicted = torch.sigmoid(student(_as_input(_noisy_view(framed, generator))))
    ramp = np.exp(-5 * (1 - min(1.0, progress / RAMP_UP_SHARE)) ** 2)
    return CONSISTENCY_WEIGHT * ramp * F.mse_loss(predicted, target)


@torch.no_grad()
def _update_teacher(teacher, student, decay):
    for t, s in zip(teacher.parameters(), student.parameters()):
        t.mul_(decay).add_(s, alpha=1 - decay)
    for t, s in zip(teacher.buffers(), student.buffers()):
        t.copy_(s)
