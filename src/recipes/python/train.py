#!/usr/bin/env python3
"""Trains the exported t5lab run with Hugging Face transformers + accelerate.

    accelerate launch train.py --config recipe.json [--data PATH | --dataset NAME] [--output-dir output]

One GPU or many (accelerate config / torchrun / DeepSpeed / FSDP underneath): the global batch is
recipe["batch_size"] examples drawn from ONE seeded stream and split across processes, so the
examples, their corruption (t5lab_objectives.py, bit for bit t5lab's) and their order do not
depend on the number of GPUs. Writes what the HF Trainer writes (trainer_state.json with
log_history, checkpoint-N/ folders with config.json + model.safetensors), so
`t5lab import-run OUTPUT_DIR` brings the curves and the final model back into t5lab.
"""

import argparse
import json
import math
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import t5lab_objectives as objectives  # noqa: E402  (the recipe's own copy, next to this file)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, help="recipe.json of this folder")
    p.add_argument("--data", help="pre-training: a .txt (one document per line) or .jsonl file; tasks: a folder of TASK.jsonl files")
    p.add_argument("--dataset", help="a Hugging Face datasets name (pre-training text), e.g. allenai/c4")
    p.add_argument("--dataset-config", help="the datasets configuration, e.g. en")
    p.add_argument("--output-dir", default="output")
    p.add_argument("--init", help="an HF checkpoint folder to start from (fine-tuning)")
    p.add_argument("--max-steps", type=int, help="stop after this many steps (a smoke test); default: the recipe's")
    return p.parse_args()


class TokenizerVocab:
    """t5lab's vocabOfTokenizer: sentinel k = vocab_size - 1 - k (bounded), mask = vocab_size - 1, EOS = 1."""

    def __init__(self, vocab_size, sentinels):
        self.vocab_size, self.sentinels = vocab_size, sentinels
        self.mask_id, self.eos_id = vocab_size - 1, 1

    def sentinel(self, k):
        if k >= self.sentinels:
            raise ValueError("an example needs sentinel %d but the tokenizer has %d sentinels" % (k, self.sentinels))
        return self.vocab_size - 1 - k


def learning_rate(schedule, step):
    """t5lab's learningRateAt (src/training/schedules.ts)."""
    if schedule["kind"] == "inverse-sqrt":
        return schedule.get("scale", 1) / math.sqrt(max(step, schedule["warmupSteps"]))
    if schedule["kind"] == "constant":
        return schedule["value"]
    peak, warm, total, final = schedule["peak"], schedule["warmupSteps"], schedule["totalSteps"], schedule.get("final", 0)
    if step < warm:
        return peak * (step + 1) / warm
    if step >= total or total == warm:
        return final
    return final + 0.5 * (peak - final) * (1 + math.cos(math.pi * (step - warm) / (total - warm)))


def truncate(ids, length):
    """t5lab's truncate: the first length - 1 ids, then the final id (EOS)."""
    return ids if len(ids) <= length else ids[: length - 1] + ids[-1:]


def read_documents(recipe, args):
    src = recipe["data_source"]
    path, name = args.data or src["path"], args.dataset or src["dataset"]
    field = src["text_field"]
    if name:
        import datasets  # only needed for a datasets name

        ds = datasets.load_dataset(name, args.dataset_config or src["dataset_config"], split=src["split"], streaming=False)
        return [row[field] for row in ds]
    path = path or os.path.join(HERE, "data", recipe["data"]["corpus"] + ".txt")
    with open(path, encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            return [json.loads(line)[field] for line in f if line.strip()]
        return [line.rstrip("\n") for line in f if line.strip()]


def split(items, fraction, rng):
    order = rng.shuffle(list(range(len(items))))
    held = int(round(len(items) * fraction))
    return [items[i] for i in order[held:]], [items[i] for i in order[:held]]


def pretraining_stream(recipe, docs, encode, vocab, rng):
    """Endless (inputs, targets): documents in a fresh seeded order each pass, concatenated and cut
    into tokens_length segments (or one segment per document), each corrupted by the objective."""
    d = recipe["data"]
    objective = objectives.OBJECTIVES[d["name"]]
    tokens = [encode(t) for t in docs]
    n = d["tokens_length"]
    while True:
        order = rng.shuffle(list(range(len(tokens))))
        if d["concatenate"]:
            flat = [t for i in order for t in tokens[i]]
            segments = [flat[i : i + n] for i in range(0, len(flat) - n + 1, n)]
        else:
            segments = [tokens[i][:n] for i in order if tokens[i]]
        for seg in segments:
            inputs, targets, _ = objective.corrupt(seg, vocab, rng, d["density"], d["mean_span"])
            yield inputs, targets


def task_examples(recipe, args, task, encode, eos):
    folder = args.data or recipe["data_source"]["path"] or os.path.join(HERE, "data")
    with open(os.path.join(folder, task + ".jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [(encode(r["inputs"]) + [eos], encode(r["targets"]) + [eos]) for r in rows]


def mixture_stream(examples, rates, rng):
    """Endless examples: a task drawn by its mixing rate, then that task's next example (each task
    reshuffled when it runs out)."""
    names = list(rates)
    queues = {n: [] for n in names}
    while True:
        u, acc, task = rng.float(), 0.0, names[-1]
        for n in names:
            acc += rates[n]
            if u < acc:
                task = n
                break
        if not queues[task]:
            queues[task] = rng.shuffle(list(examples[task]))
        yield queues[task].pop()


def to_batch(pairs, lengths, torch):
    inputs = [truncate(list(i), lengths["inputs"]) for i, _ in pairs]
    targets = [truncate(list(t), lengths["targets"]) for _, t in pairs]
    ids = torch.zeros((len(pairs), lengths["inputs"]), dtype=torch.long)
    labels = torch.full((len(pairs), lengths["targets"]), -100, dtype=torch.long)
    for r, (i, t) in enumerate(zip(inputs, targets)):
        ids[r, : len(i)] = torch.tensor(i)
        labels[r, : len(t)] = torch.tensor(t)
    return {"input_ids": ids, "attention_mask": (ids != 0).long(), "labels": labels}


def make_optimizer(recipe, params, torch):
    o = recipe["optimizer"]
    if o["kind"] == "adafactor":
        from transformers.optimization import Adafactor

        # lr = 1: the LambdaLR below supplies the schedule's value, as t5lab's trainer does.
        return Adafactor(
            params,
            lr=1.0,
            eps=(o["epsilon1"], o["epsilon2"]),
            clip_threshold=o["clippingThreshold"] if o["clippingThreshold"] is not None else 1e30,
            decay_rate=-o["decayExponent"],
            beta1=o["beta1"] or None,
            weight_decay=0.0,
            scale_parameter=o["multiplyByParameterScale"],
            relative_step=False,
            warmup_init=False,
        )
    return torch.optim.AdamW(params, lr=1.0, betas=(o["beta1"], o["beta2"]), eps=o["epsilon"], weight_decay=o["weightDecay"])


def main():
    args = parse_args()
    with open(args.config, encoding="utf-8") as f:
        recipe = json.load(f)
    import torch
    from accelerate import Accelerator
    from transformers import AutoTokenizer, T5Config, T5ForConditionalGeneration

    accelerator = Accelerator()
    world, rank = accelerator.num_processes, accelerator.process_index
    if recipe["batch_size"] % world:
        sys.exit("batch_size %d is not divisible by the %d processes" % (recipe["batch_size"], world))
    tokenizer = AutoTokenizer.from_pretrained(HERE)
    encode = lambda text: tokenizer(text, add_special_tokens=False)["input_ids"]  # noqa: E731
    vocab = TokenizerVocab(recipe["tokenizer"]["vocab_size"], recipe["tokenizer"]["sentinels"])
    root = objectives.Rng(recipe["seed"])
    data_rng, split_rng = root.fork("data"), root.fork("split")

    if recipe["data"]["kind"] == "pretrain":
        train_docs, val_docs = split(read_documents(recipe, args), recipe["validation_fraction"], split_rng)
        stream = pretraining_stream(recipe, train_docs, encode, vocab, data_rng)
        held = pretraining_stream(recipe, val_docs or train_docs[:1], encode, vocab, root.fork("validation"))
        validation = [next(held) for _ in range(recipe["eval_examples"])]
    else:
        examples, validation = {}, []
        for task in recipe["data"]["names"]:
            train, val = split(task_examples(recipe, args, task, encode, vocab.eos_id), recipe["validation_fraction"], split_rng)
            examples[task] = train
            validation += val[: recipe["eval_examples"]]
        stream = mixture_stream(examples, recipe["data"]["rates"], data_rng)

    config = T5Config.from_json_file(os.path.join(HERE, "config.json"))
    model = T5ForConditionalGeneration.from_pretrained(args.init) if args.init else T5ForConditionalGeneration(config)
    optimizer = make_optimizer(recipe, model.parameters(), torch)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: learning_rate(recipe["schedule"], step))
    model, optimizer, scheduler = accelerator.prepare(model, optimizer, scheduler)

    steps = args.max_steps or recipe["steps"]
    per_device = recipe["batch_size"] // world
    state = {"global_step": 0, "max_steps": steps, "logging_steps": recipe["log_every"], "eval_steps": recipe["eval_every"],
             "save_steps": recipe["checkpoint_every"], "train_batch_size": per_device, "num_train_epochs": 1,
             "num_input_tokens_seen": 0, "total_flos": 0, "log_history": [], "best_metric": None,
             "best_model_checkpoint": None, "is_hyper_param_search": False, "is_local_process_zero": accelerator.is_local_main_process,
             "is_world_process_zero": accelerator.is_main_process, "trial_name": None, "trial_params": None, "epoch": 0}

    def evaluate():
        model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for i in range(0, len(validation), per_device):
                batch = {k: v.to(accelerator.device) for k, v in to_batch(validation[i : i + per_device], recipe["lengths"], torch).items()}
                n = int((batch["labels"] != -100).sum())
                total += float(model(**batch).loss) * n
                count += n
        model.train()
        return total / max(count, 1)

    def save(step):
        folder = os.path.join(args.output_dir, "checkpoint-%d" % step)
        accelerator.wait_for_everyone()
        if accelerator.is_main_process:
            accelerator.unwrap_model(model).save_pretrained(folder, safe_serialization=True)
            tokenizer.save_pretrained(folder)
            own = os.path.join(HERE, "tokenizer.t5lab.json")  # t5lab's exact tokenizer, for t5lab import-run
            if os.path.exists(own):
                shutil.copyfile(own, os.path.join(folder, "tokenizer.t5lab.json"))
            for where in (folder, args.output_dir):
                with open(os.path.join(where, "trainer_state.json"), "w", encoding="utf-8") as f:
                    json.dump(state, f, indent=2)

    os.makedirs(args.output_dir, exist_ok=True)
    model.train()
    for step in range(steps):
        pairs = [next(stream) for _ in range(recipe["batch_size"])]  # the global batch, same on every process
        batch = {k: v.to(accelerator.device) for k, v in to_batch(pairs[rank * per_device : (rank + 1) * per_device], recipe["lengths"], torch).items()}
        out = model(**batch)
        loss = out.loss
        if recipe["z_loss"]:
            loss = loss + recipe["z_loss"] * torch.logsumexp(out.logits.float(), dim=-1).pow(2).mean()
        accelerator.backward(loss)
        clip = recipe["clip_gradient_norm"]
        grad_norm = accelerator.clip_grad_norm_(model.parameters(), clip if clip is not None else float("inf"))
        lr = scheduler.get_last_lr()[0]
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        state["global_step"] = step + 1
        state["num_input_tokens_seen"] += sum(len(i) + len(t) for i, t in pairs)
        if (step + 1) % recipe["log_every"] == 0 or step + 1 == steps:
            state["log_history"].append({"epoch": 0, "grad_norm": float(grad_norm), "learning_rate": lr,
                                         "loss": float(accelerator.reduce(out.loss.detach(), "mean")),
                                         "num_input_tokens_seen": state["num_input_tokens_seen"], "step": step + 1})
            if accelerator.is_main_process:
                print(json.dumps(state["log_history"][-1]), flush=True)
        if (recipe["eval_every"] and (step + 1) % recipe["eval_every"] == 0) or step + 1 == steps:
            state["log_history"].append({"epoch": 0, "eval_loss": evaluate(), "step": step + 1})
        if recipe["checkpoint_every"] and (step + 1) % recipe["checkpoint_every"] == 0 and step + 1 < steps:
            save(step + 1)
    save(steps)


if __name__ == "__main__":
    main()
