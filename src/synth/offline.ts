/**
 * Offline synthesis: tasks from built-in domain templates and a seed, no model. Pure and
 * deterministic: the same (seed, n, domain) always gives the same tasks, and task `i` depends only on
 * (seed, its domain, i), so a larger `n` extends a smaller one.
 */
import { type Task, TASK_FORMAT } from '../domain/task.js';
import type { Template } from './kit.js';
import { createRng, hashString } from './random.js';
import { finance } from './templates/finance.js';
import { foodDelivery } from './templates/food-delivery.js';
import { health } from './templates/health.js';
import { hr } from './templates/hr.js';
import { itSupport } from './templates/it-support.js';
import { retail } from './templates/retail.js';
import { travel } from './templates/travel.js';

export const TEMPLATES: readonly Template[] = [travel, retail, health, itSupport, finance, foodDelivery, hr];
export const OFFLINE_DOMAINS: readonly string[] = TEMPLATES.map((t) => t.domain);

/**
 * `n` tasks for `seed`. Without `domain`, domains take turns in a seed-shuffled order, so any 7
 * consecutive tasks cover every domain. Throws on an unknown domain (check OFFLINE_DOMAINS first).
 */
export function synthesizeOffline(seed: string, n: number, domain?: string): Task[] {
  return offlinePlan(seed, n, domain).map((template, i) => buildTask(template, seed, i));
}

/** The template of each of the `n` tasks, in order (task `i` is `buildTask(plan[i], seed, i)`). */
export function offlinePlan(seed: string, n: number, domain?: string): Template[] {
  const templates = domain === undefined ? createRng(`${seed}#domains`).shuffle(TEMPLATES) : TEMPLATES.filter((t) => t.domain === domain);
  if (templates.length === 0) throw new Error(`unknown offline domain "${domain}"`);
  return Array.from({ length: n }, (_, i) => templates[i % templates.length]!);
}

/** Task `index` of `template` for `seed`. */
export function buildTask(template: Template, seed: string, index: number): Task {
  const body = template.build(createRng(`${seed}#${template.domain}#${index}`));
  // Spelled out so every file has the same field order.
  return {
    format: TASK_FORMAT,
    id: synthId(template.domain, seed, index),
    title: body.title,
    domain: template.domain,
    difficulty: body.difficulty,
    system: body.system,
    instruction: body.instruction,
    fullInstruction: body.fullInstruction,
    user: body.user,
    tools: body.tools,
    world: body.world,
    rubric: body.rubric,
    reference: body.reference,
    limits: body.limits,
  };
}

/** `synth-<domain>-<seed slug>-<index>`, a valid task id for any seed. */
export function synthId(domain: string, seed: string, index: number): string {
  return `synth-${domain}-${seedSlug(seed)}-${index}`;
}

/**
 * The seed as it goes into ids: itself when it is short and already lower-case letters, digits and
 * dashes; otherwise a cleaned, cut prefix plus a hash, so distinct seeds keep distinct ids.
 */
export function seedSlug(seed: string): string {
  if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(seed) && seed.length <= 20) return seed;
  const cleaned = seed.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 20).replace(/^-+|-+$/g, '');
  const hash = hashString(seed).toString(36);
  return cleaned === '' ? hash : `${cleaned}-${hash}`;
}
