// One neutral form, two renderers: Slack's modal and the Teams card show the same fields (by name),
// labels, choices and defaults, and each field's value comes back under the same name.
import { describe, expect, it } from "vitest";
import { FORM_OF_ACTION, FORMS, type FormName } from "../../src/forms/index.js";
import { FORM_NAMES } from "../../src/forms/model.js";
import type { ActionId, Message } from "../../src/messages/model.js";
import { formView } from "../../src/slack/views.js";
import { renderCard } from "../../src/teams/cards/adaptiveCard.js";
import { formKey, inputId } from "../../src/teams/cards/actions.js";

type Node = Record<string, any>;
const nodes = (root: unknown): Node[] => {
  const out: Node[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    out.push(n as Node);
    Object.values(n).forEach(walk);
  };
  walk(root);
  return out;
};

/** The Slack modal's inputs: name → what a person sees and what is preselected. */
function slackFields(form: FormName) {
  const view = formView(form, {}, {});
  return view.blocks.map((b) => {
    const block = b as Node;
    const el = block.element as Node;
    return {
      name: block.block_id as string,
      label: block.label.text as string,
      choices: (el.options as Node[] | undefined)?.map((o) => ({ value: o.value, label: o.text.text })),
      initial: (el.initial_option?.value as string | undefined) ?? null,
    };
  });
}

/** The Teams card's inputs for the first action that opens the form, opened. */
function teamsFields(form: FormName) {
  const id = Object.entries(FORM_OF_ACTION).find(([, f]) => f === form)![0] as ActionId;
  const message: Message = { summary: "s", visibility: "channel", blocks: [{ type: "actions", actions: [{ id, label: "Open", value: "42" }] }] };
  const card = renderCard(message, { view: "reply", forms: { [formKey(id, "42")]: { values: {}, errors: {} } } });
  return nodes(card.body)
    .filter((n) => typeof n.type === "string" && n.type.startsWith("Input."))
    .map((n) => ({
      name: (n.id as string).slice(inputId(id, "42", "").length),
      label: n.label as string,
      choices: (n.choices as Node[] | undefined)?.map((c) => ({ value: c.value, label: c.title })),
      initial: (n.type === "Input.ChoiceSet" ? (n.value as string | undefined) : undefined) ?? null,
    }));
}

describe.each(FORM_NAMES.map((f) => [f]))("the %s form", (form) => {
  it("has the same fields, labels, choices and defaults in Slack's modal and the Teams card", () => {
    const slack = slackFields(form);
    const teams = teamsFields(form);
    // On Teams the card's action names the account, so the account picker is Slack's alone.
    expect(slack.filter((f) => f.name !== "account")).toEqual(teams);
    expect(slack.map((f) => f.name)).toEqual(FORMS[form].definition.fields.map((f) => f.name));
  });
});

describe("the touch form", () => {
  it("preselects a call on both platforms", () => {
    expect(slackFields("touch").find((f) => f.name === "kind")?.initial).toBe("call");
    expect(teamsFields("touch").find((f) => f.name === "kind")?.initial).toBe("call");
  });
});
