// One policy template as a radio choice, named and explained in plain words: the new-event flow
// and the door-rules page offer the same templates and must word them the same way.
import { t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';

export function TemplateOption({ template, checked, onChoose }: { template: string; checked: boolean; onChoose: () => void }) {
  return (
    <label class="template">
      <input type="radio" name="template" value={template} checked={checked} onChange={onChoose} aria-describedby={`tpl-${template}`} />
      <span>
        <strong>{t(`events.policy.${template}` as MessageKey)}</strong>
        <span class="field__hint" id={`tpl-${template}`}>{t(`events.policy.${template}.explain` as MessageKey)}</span>
      </span>
    </label>
  );
}
