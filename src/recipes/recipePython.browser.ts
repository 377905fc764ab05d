/** The recipe's Python files for the browser build (Vite inlines them as text; the CLI reads them from disk). */
import objectives from './python/t5lab_objectives.py?raw';
import train from './python/train.py?raw';
import type { RecipePythonSources } from './hfRecipe.ts';

export const RECIPE_PYTHON: RecipePythonSources = { objectives, train };
