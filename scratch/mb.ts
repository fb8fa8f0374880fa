import { IANAZone } from "luxon";
import { localDate, startOfLocalDate } from "/work/main/src/rules/time.js";
const zones = ["America/New_York","Europe/London","Asia/Tokyo","UTC"];
const N = 100000;
const base = Date.UTC(2026,0,1);
let t0 = performance.now();
for (let i=0;i<N;i++) localDate(new Date(base + i*313_000), zones[i%4]);
console.log("luxon localDate us/call", ((performance.now()-t0)*1000/N).toFixed(2));
t0 = performance.now();
for (let i=0;i<N;i++) startOfLocalDate("2026-03-"+String(1+(i%28)).padStart(2,"0"), zones[i%4]);
console.log("luxon startOfLocalDate us/call", ((performance.now()-t0)*1000/N).toFixed(2));
const zs = zones.map(z=>IANAZone.create(z));
t0 = performance.now();
for (let i=0;i<N;i++) { const t = base + i*313_000; const off = zs[i%4].offset(t); new Date(t + off*60000).toISOString().slice(0,10); }
console.log("IANAZone.offset+iso us/call", ((performance.now()-t0)*1000/N).toFixed(2));
