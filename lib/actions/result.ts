/** The dashboard actions' result type and failure mapping live with the door core's `action` output. */
export {
  type ActionFailure,
  type ActionResult,
  fieldSentence,
  ok,
  toFailure,
  unsafeInputFailure,
} from "@/lib/http/action-result";
