/**
 * Icon names used by node definitions (`def.icon`, kebab-case lucide names) mapped to lucide
 * components. An explicit map keeps the bundle to the icons we use; an unknown name gets a generic
 * box rather than failing, so a new node never breaks the window.
 */
import {
  Activity, BarChart3, Binary, Blocks, Bot, Box, Brain, Calculator, ChartLine, CircleCheck, Cloud, Code, Columns3, Combine,
  Cpu, Database, Dices, Eraser, Eye, FileCode, FileInput, FileJson, FileSpreadsheet, FileText, Filter, FlaskConical, Gauge,
  Goal, Layers, ListChecks, MessageSquare, MessagesSquare, Microscope, Network, Package, PackageCheck, Radar, Rocket,
  Scale, ScanSearch, Server, ShieldAlert, ShieldCheck, Shuffle, Sigma, SlidersHorizontal, Sparkles, Split, Table, Target,
  Terminal, Wand2, Workflow, Wrench, BrushCleaning, Scissors, Import, FileDown, FileUp, Globe, Send, Upload, Telescope,
  HeartPulse, Bell, Lightbulb, type LucideIcon,
} from 'lucide-react';
import type { Stage } from '../../engine/node-def.js';

const ICONS: Record<string, LucideIcon> = {
  activity: Activity, 'bar-chart': BarChart3, 'bar-chart-3': BarChart3, 'chart-bar': BarChart3, binary: Binary, blocks: Blocks,
  bot: Bot, box: Box, brain: Brain, calculator: Calculator, 'chart-line': ChartLine, 'line-chart': ChartLine,
  'circle-check': CircleCheck, 'check-circle': CircleCheck, cloud: Cloud, code: Code, columns: Columns3, 'columns-3': Columns3,
  combine: Combine, cpu: Cpu, database: Database, dices: Dices, eraser: Eraser, eye: Eye, 'file-code': FileCode,
  'file-input': FileInput, 'file-json': FileJson, 'file-spreadsheet': FileSpreadsheet, 'file-text': FileText, filter: Filter,
  'flask-conical': FlaskConical, flask: FlaskConical, gauge: Gauge, goal: Goal, layers: Layers, 'list-checks': ListChecks,
  'message-square': MessageSquare, 'messages-square': MessagesSquare, microscope: Microscope, network: Network,
  package: Package, 'package-check': PackageCheck, radar: Radar, rocket: Rocket, scale: Scale, 'scan-search': ScanSearch,
  server: Server, 'shield-alert': ShieldAlert, 'shield-check': ShieldCheck, shuffle: Shuffle, sigma: Sigma,
  'sliders-horizontal': SlidersHorizontal, sliders: SlidersHorizontal, sparkles: Sparkles, split: Split, table: Table,
  target: Target, terminal: Terminal, 'wand-2': Wand2, wand: Wand2, workflow: Workflow, wrench: Wrench,
  broom: BrushCleaning, 'brush-cleaning': BrushCleaning, scissors: Scissors, 'file-import': Import, import: Import,
  'file-down': FileDown, 'file-up': FileUp, globe: Globe, send: Send, upload: Upload, telescope: Telescope,
  'heart-pulse': HeartPulse, bell: Bell, lightbulb: Lightbulb,
};

/** A fallback per stage, used when a def names an icon the map does not know. */
const STAGE_ICONS: Record<Stage, LucideIcon> = {
  prepare: Table, train: Brain, validate: Gauge, package: Package, deploy: Rocket, monitor: Activity, premade: Box, prompt: MessageSquare,
};

/**
 * The lucide component for a def's icon name.
 *
 * @example
 * const Icon = nodeIcon('brain', 'train'); <Icon size={16} />
 */
export function nodeIcon(name: string, stage?: Stage): LucideIcon {
  return ICONS[name] ?? (stage ? STAGE_ICONS[stage] : Box);
}

/** Whether `name` is in the icon map (a def naming an unknown icon falls back to its stage's icon). */
export function knownIcon(name: string): boolean {
  return name in ICONS;
}
