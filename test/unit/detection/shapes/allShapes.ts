import { attribution } from './attribution';
import { encodedWholeValues } from './encodedWholeValues';
import { evasions } from './evasions';
import { hostNames } from './hostNames';
import { serializerEscapes } from './serializerEscapes';
import { sections } from './sections';
import { type ShapeClass } from './shapeCase';
import { toolOutput } from './toolOutput';
import { unpaddedKeys } from './unpaddedKeys';

/** Every class of real-world shape (issue 10 §4), in the order the issue lists them, then the ones found after it. */
export const SHAPE_CLASSES: readonly ShapeClass[] = [encodedWholeValues, serializerEscapes, hostNames, unpaddedKeys, toolOutput, attribution, evasions, sections];
