// What the figures were measured on: they mean little without it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function describeMachine(generator) {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  let distro = `${os.type()} ${os.release()}`;
  try {
    distro = /PRETTY_NAME="([^"]*)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? distro;
  } catch {
    // no os-release
  }
  let sqlite = '';
  try {
    sqlite = execFileSync('sqlite3', ['--version'], { encoding: 'utf8' }).split(' ')[0];
  } catch {
    // the CLI is optional
  }
  return {
    cpu: `${cpu.trim()}, ${os.cpus().length} cores`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: distro,
    node: process.version,
    generator,
    ...(sqlite ? { sqlite } : {}),
  };
}
