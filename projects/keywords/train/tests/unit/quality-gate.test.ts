import { checkQualityGate, QualityGateError } from '../../src/quality-gate';

const baselines = [
  { name: 'frequency ranking', f1: 0.2, gated: true },
  { name: 'KP-Miner without corpus statistics', f1: 0.3, gated: true },
  { name: 'n-gram TF-IDF', f1: 0.5, gated: false },
];

describe('the quality gate', () => {
  it('passes a model at or above every gated baseline, whatever the reported ones', () => {
    expect(() => checkQualityGate(0.3, 10, baselines, 0)).not.toThrow();
  });

  it('fails below a gated baseline, naming both numbers', () => {
    expect(() => checkQualityGate(0.25, 10, baselines, 0)).toThrow(
      new QualityGateError(
        "quality gate: F1@10 0.2500 is below the KP-Miner without corpus statistics baseline's 0.3000 on the same evaluation data; nothing was kept",
      ),
    );
  });

  it('applies MIN_F1 only when it is set above 0', () => {
    expect(() => checkQualityGate(0.35, 10, baselines, 0.4)).toThrow(
      /F1@10 0\.3500 is below the floor MIN_F1=0\.4/,
    );
    expect(() => checkQualityGate(0.35, 10, baselines, 0)).not.toThrow();
  });
});
