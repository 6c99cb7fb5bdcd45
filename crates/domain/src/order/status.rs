//! Where an order stands in its life cycle, and the vocabularies of its timeline.

crate::vocabulary!(
    /// 工单状态 the state of a work order
    Status {
        /// 登记 registered, waiting to be screened
        Registered = "registered" / "待甄别",
        /// 甄别复核 valid, waiting to be answered or dispatched
        Screened = "screened" / "待转办",
        /// 转办 dispatched, waiting for the handler to accept
        Dispatched = "dispatched" / "待受理",
        /// 受理 accepted, being handled
        Accepted = "accepted" / "办理中",
        /// 答复 replied, waiting for the callback
        Replied = "replied" / "待回访",
        /// 回访不满意 rated unsatisfied: reopen, or the handler asks for a ruling
        Unsatisfied = "unsatisfied" / "不满意待处理",
        /// 不满意甄别 the service office rules whether the rating is reasonable
        RatingDisputed = "rating_disputed" / "不满意甄别中",
        /// 回访完成 callback done, waiting to be closed
        Rated = "rated" / "待办结",
        /// 办结 finished
        Closed = "closed" / "已办结",
    }
);

crate::vocabulary!(
    /// 办结方式 how a closed order ended
    CloseReason {
        Resolved = "resolved" / "办理完毕",
        AnsweredOnSpot = "answered_on_spot" / "当场答复",
        Invalid = "invalid" / "甄别不予受理",
        Merged = "merged" / "合并办理",
    }
);

crate::vocabulary!(
    /// 延期申请状态 the state of an extension request
    ExtensionState {
        Pending = "pending" / "待审批",
        Approved = "approved" / "已批准",
        Refused = "refused" / "未批准",
    }
);

crate::vocabulary!(
    /// 办理记录 what happened to an order (one timeline event)
    EventKind {
        Registered = "registered" / "登记",
        Screened = "screened" / "甄别复核",
        Answered = "answered" / "当场答复",
        Dispatched = "dispatched" / "转办",
        Accepted = "accepted" / "受理",
        Replied = "replied" / "答复",
        ExtensionRequested = "extension_requested" / "申请延期",
        ExtensionDecided = "extension_decided" / "延期审批",
        /// 挂起 handling paused while waiting for the citizen
        Suspended = "suspended" / "挂起",
        /// 恢复办理 the pause ended; the reply deadline moved by the paused time
        Resumed = "resumed" / "恢复办理",
        Returned = "returned" / "退回",
        Reassigned = "reassigned" / "改派",
        CallbackMade = "callback" / "回访",
        RatingDisputed = "rating_disputed" / "申请不满意甄别",
        RatingRuled = "rating_ruled" / "不满意甄别结论",
        Reopened = "reopened" / "重办",
        Merged = "merged" / "合并",
        Linked = "linked" / "关联",
        Closed = "closed" / "办结",
        /// 督办 a supervision order was opened on it (三级督办)
        Supervised = "supervised" / "督办",
    }
);

impl Status {
    /// Not yet finished.
    pub fn is_open(self) -> bool {
        self != Status::Closed
    }
}
